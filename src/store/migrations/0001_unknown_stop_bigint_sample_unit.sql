ALTER TABLE "meter_values" DROP CONSTRAINT "meter_values_once";--> statement-breakpoint
ALTER TABLE "unknown_transaction_stops" ALTER COLUMN "transaction_id" SET DATA TYPE bigint;--> statement-breakpoint
ALTER TABLE "meter_values" ADD CONSTRAINT "meter_values_once" UNIQUE NULLS NOT DISTINCT("station_id","connector_id","sampled_at","measurand","phase","location","context","unit","format");