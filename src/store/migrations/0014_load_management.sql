CREATE TABLE "charging_profiles" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"connector_id" integer NOT NULL,
	"charging_profile_id" integer NOT NULL,
	"stack_level" integer NOT NULL,
	"purpose" text NOT NULL,
	"transaction_id" integer,
	"profile" jsonb NOT NULL,
	"source" text NOT NULL,
	"accepted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "load_decisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"site_id" integer NOT NULL,
	"trigger" text NOT NULL,
	"decided_at" timestamp with time zone NOT NULL,
	"limits" jsonb NOT NULL,
	"allocated_deciamps" integer NOT NULL,
	"measured_deciamps" integer
);
--> statement-breakpoint
ALTER TABLE "charging_profiles" ADD CONSTRAINT "charging_profiles_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "load_decisions" ADD CONSTRAINT "load_decisions_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "charging_profiles_station" ON "charging_profiles" USING btree ("station_id","connector_id");--> statement-breakpoint
CREATE INDEX "load_decisions_site" ON "load_decisions" USING btree ("site_id","decided_at");