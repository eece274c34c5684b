CREATE TABLE "certificate_signings" (
	"id" serial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"csr" text NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"certificate" text,
	"serial_number" text,
	"not_after" timestamp with time zone,
	"requested_at" timestamp with time zone NOT NULL,
	"signed_at" timestamp with time zone,
	"delivery" text,
	CONSTRAINT "certificate_signings_status" CHECK ("certificate_signings"."status" IN ('Accepted', 'Rejected'))
);
--> statement-breakpoint
CREATE TABLE "security_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"type" text NOT NULL,
	"tech_info" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"critical" boolean NOT NULL,
	"issue_id" integer
);
--> statement-breakpoint
ALTER TABLE "firmware_events" ADD COLUMN "request_id" integer;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "log_status" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "log_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "log_request_id" integer;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "signed_firmware_status" text;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "signed_firmware_status_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "signed_firmware_request_id" integer;--> statement-breakpoint
ALTER TABLE "certificate_signings" ADD CONSTRAINT "certificate_signings_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_issue_id_maintenance_issues_id_fk" FOREIGN KEY ("issue_id") REFERENCES "public"."maintenance_issues"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_signings_station" ON "certificate_signings" USING btree ("station_id","requested_at");--> statement-breakpoint
CREATE INDEX "security_events_station" ON "security_events" USING btree ("station_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "firmware_events_station" ON "firmware_events" USING btree ("station_id","kind","received_at");