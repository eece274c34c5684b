CREATE INDEX "connections_open_by_station" ON "connections" USING btree ("station_id") WHERE disconnected_at IS NULL;--> statement-breakpoint
CREATE INDEX "connectors_status" ON "connectors" USING btree ("status","station_id");--> statement-breakpoint
CREATE INDEX "stations_charge_box_id_prefix" ON "stations" USING btree (lower("charge_box_id") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "stations_name_prefix" ON "stations" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "stations_last_seen" ON "stations" USING btree (coalesce("last_seen_at", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "status_notifications_station_time" ON "status_notifications" USING btree ("station_id","received_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_issues_open_service" ON "maintenance_issues" USING btree ("station_id") WHERE "maintenance_issues"."source" IN ('staff', 'fault') AND "maintenance_issues"."status" IN ('open', 'in_progress');