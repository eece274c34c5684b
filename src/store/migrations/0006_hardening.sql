CREATE TABLE "protocol_violations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"station_id" integer NOT NULL,
	"action" text NOT NULL,
	"relaxation" text NOT NULL,
	"detail" jsonb,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "security_profile" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "leniency" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "clock_skew_s" integer;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "clock_skew_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "protocol_violations" ADD CONSTRAINT "protocol_violations_station_id_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "protocol_violations_station" ON "protocol_violations" USING btree ("station_id","received_at");--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_security_profile" CHECK ("stations"."security_profile" BETWEEN 1 AND 3);