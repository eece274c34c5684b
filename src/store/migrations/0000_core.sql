CREATE TABLE "connections" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"remote_address" text,
	"connected_at" timestamp with time zone NOT NULL,
	"disconnected_at" timestamp with time zone,
	"close_code" integer,
	"close_reason" text
);
--> statement-breakpoint
CREATE TABLE "connectors" (
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text NOT NULL,
	"info" text,
	"vendor_id" text,
	"vendor_error_code" text,
	"status_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connectors_station_id_connector_id_pk" PRIMARY KEY("station_id","connector_id"),
	CONSTRAINT "connectors_connector_id" CHECK ("connectors"."connector_id" >= 0)
);
--> statement-breakpoint
CREATE TABLE "data_transfers" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"vendor_id" text NOT NULL,
	"message_id" text,
	"data" text,
	"answer_status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "firmware_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"details" jsonb
);
--> statement-breakpoint
CREATE TABLE "stations" (
	"id" serial PRIMARY KEY NOT NULL,
	"charge_box_id" text NOT NULL,
	"password_hash" text,
	"registration_status" text DEFAULT 'Accepted' NOT NULL,
	"vendor" text,
	"model" text,
	"charge_point_serial_number" text,
	"charge_box_serial_number" text,
	"firmware_version" text,
	"iccid" text,
	"imsi" text,
	"meter_type" text,
	"meter_serial_number" text,
	"last_boot_at" timestamp with time zone,
	"last_seen_at" timestamp with time zone,
	"firmware_status" text,
	"firmware_status_at" timestamp with time zone,
	"diagnostics_status" text,
	"diagnostics_status_at" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stations_charge_box_id_unique" UNIQUE("charge_box_id"),
	CONSTRAINT "stations_registration_status" CHECK ("stations"."registration_status" IN ('Accepted', 'Pending', 'Rejected'))
);
--> statement-breakpoint
CREATE TABLE "status_notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"status" text NOT NULL,
	"error_code" text NOT NULL,
	"info" text,
	"vendor_id" text,
	"vendor_error_code" text,
	"charger_timestamp" timestamp with time zone,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "charging_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"id_tag" text NOT NULL,
	"authorization_status" text NOT NULL,
	"reservation_id" integer,
	"meter_start_wh" bigint NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"meter_stop_wh" bigint,
	"stopped_at" timestamp with time zone,
	"stop_reason" text,
	"stop_id_tag" text,
	"energy_wh" bigint,
	"stop_anomaly" text,
	"latest_meter_wh" bigint,
	"latest_power_w" double precision,
	"latest_soc_percent" double precision,
	"latest_meter_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "charging_sessions_start_once" UNIQUE("station_id","connector_id","id_tag","started_at","meter_start_wh")
);
--> statement-breakpoint
CREATE TABLE "id_tags" (
	"id" serial PRIMARY KEY NOT NULL,
	"id_tag" text NOT NULL,
	"status" text DEFAULT 'Accepted' NOT NULL,
	"expiry_date" timestamp with time zone,
	"parent_id_tag" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "id_tags_status" CHECK ("id_tags"."status" IN ('Accepted', 'Blocked')),
	CONSTRAINT "id_tags_length" CHECK (char_length("id_tags"."id_tag") BETWEEN 1 AND 20)
);
--> statement-breakpoint
CREATE TABLE "meter_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"session_id" integer,
	"sampled_at" timestamp with time zone NOT NULL,
	"measurand" text NOT NULL,
	"value" text NOT NULL,
	"unit" text,
	"context" text NOT NULL,
	"phase" text,
	"location" text,
	"format" text,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "meter_values_once" UNIQUE NULLS NOT DISTINCT("station_id","connector_id","sampled_at","measurand","phase","location","context")
);
--> statement-breakpoint
CREATE TABLE "unknown_transaction_stops" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"transaction_id" integer NOT NULL,
	"meter_stop_wh" bigint NOT NULL,
	"stopped_at" timestamp with time zone NOT NULL,
	"reason" text,
	"id_tag" text,
	"transaction_data" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "unknown_transaction_stops_once" UNIQUE("station_id","transaction_id","stopped_at")
);
--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connectors" ADD CONSTRAINT "connectors_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "data_transfers" ADD CONSTRAINT "data_transfers_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "firmware_events" ADD CONSTRAINT "firmware_events_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_notifications" ADD CONSTRAINT "status_notifications_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD CONSTRAINT "charging_sessions_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_session_id_charging_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."charging_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "unknown_transaction_stops" ADD CONSTRAINT "unknown_transaction_stops_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connections_station" ON "connections" USING btree ("station_id","connected_at");--> statement-breakpoint
CREATE INDEX "status_notifications_station" ON "status_notifications" USING btree ("station_id","connector_id","received_at");--> statement-breakpoint
CREATE INDEX "charging_sessions_active" ON "charging_sessions" USING btree ("station_id","connector_id") WHERE "charging_sessions"."stopped_at" IS NULL;--> statement-breakpoint
CREATE INDEX "charging_sessions_id_tag_active" ON "charging_sessions" USING btree ("id_tag") WHERE "charging_sessions"."stopped_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "id_tags_id_tag_ci" ON "id_tags" USING btree (lower("id_tag"));--> statement-breakpoint
CREATE INDEX "meter_values_session" ON "meter_values" USING btree ("session_id","sampled_at");