ALTER TABLE "charging_sessions" ADD COLUMN "closed_by" text;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD COLUMN "closed_reason" text;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD COLUMN "charger_stopped_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "charging_sessions" ADD COLUMN "charger_meter_stop_wh" bigint;--> statement-breakpoint
CREATE INDEX "charging_sessions_stopped" ON "charging_sessions" USING btree ("stopped_at");