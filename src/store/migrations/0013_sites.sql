CREATE TABLE "sites" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"max_current_deciamps" integer NOT NULL,
	"phases" integer NOT NULL,
	"voltage_v" integer DEFAULT 230 NOT NULL,
	"min_current_deciamps" integer DEFAULT 60 NOT NULL,
	"failsafe_current_deciamps" integer NOT NULL,
	"strategy" text DEFAULT 'equal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sites_max_current" CHECK ("sites"."max_current_deciamps" > 0),
	CONSTRAINT "sites_phases" CHECK ("sites"."phases" IN (1, 3)),
	CONSTRAINT "sites_voltage" CHECK ("sites"."voltage_v" > 0),
	CONSTRAINT "sites_min_current" CHECK ("sites"."min_current_deciamps" > 0 AND "sites"."min_current_deciamps" <= "sites"."max_current_deciamps"),
	CONSTRAINT "sites_failsafe_current" CHECK ("sites"."failsafe_current_deciamps" = 0 OR "sites"."failsafe_current_deciamps" BETWEEN "sites"."min_current_deciamps" AND "sites"."max_current_deciamps"),
	CONSTRAINT "sites_strategy" CHECK ("sites"."strategy" IN ('equal', 'priority'))
);
--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "site_id" integer;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "max_current_deciamps" integer;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "stations_site" ON "stations" USING btree ("site_id");--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_max_current" CHECK ("stations"."max_current_deciamps" > 0);--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_priority" CHECK ("stations"."priority" BETWEEN 0 AND 1000);