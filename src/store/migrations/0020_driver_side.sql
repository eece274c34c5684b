CREATE TABLE "driver_invitations" (
	"id" serial PRIMARY KEY NOT NULL,
	"customer_id" integer NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "stations" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "driver_invitations" ADD CONSTRAINT "driver_invitations_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "driver_invitations_hash" ON "driver_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "driver_invitations_customer" ON "driver_invitations" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "stations_position" ON "stations" USING btree ("latitude","longitude") WHERE "stations"."latitude" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "stations" ADD CONSTRAINT "stations_position_range" CHECK (("stations"."latitude" IS NULL) = ("stations"."longitude" IS NULL)
    AND ("stations"."latitude" IS NULL OR ("stations"."latitude" BETWEEN -90 AND 90 AND "stations"."longitude" BETWEEN -180 AND 180)));