CREATE INDEX "customers_name" ON "customers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "customers_name_prefix" ON "customers" USING btree (lower("name") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "customers_email_prefix" ON "customers" USING btree (lower("email") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "id_tags_id_tag" ON "id_tags" USING btree ("id_tag","id");--> statement-breakpoint
CREATE INDEX "id_tags_customer" ON "id_tags" USING btree ("customer_id","id_tag","id");--> statement-breakpoint
CREATE INDEX "id_tags_status" ON "id_tags" USING btree ("status","id_tag","id");--> statement-breakpoint
CREATE INDEX "id_tags_prefix" ON "id_tags" USING btree (lower("id_tag") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "maintenance_issues_opened" ON "maintenance_issues" USING btree ("opened_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_issues_station_opened" ON "maintenance_issues" USING btree ("station_id","opened_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_issues_status_opened" ON "maintenance_issues" USING btree ("status","opened_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_issues_source_opened" ON "maintenance_issues" USING btree ("source","opened_at","id");--> statement-breakpoint
CREATE INDEX "maintenance_issues_open_opened" ON "maintenance_issues" USING btree ("opened_at","id") WHERE "maintenance_issues"."status" IN ('open', 'in_progress');--> statement-breakpoint
CREATE INDEX "maintenance_issues_title_prefix" ON "maintenance_issues" USING btree (lower("title") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "bookings_starts" ON "bookings" USING btree ("starts_at","id");--> statement-breakpoint
CREATE INDEX "bookings_customer" ON "bookings" USING btree ("customer_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "bookings_status" ON "bookings" USING btree ("status","starts_at","id");--> statement-breakpoint
CREATE INDEX "bookings_reservation" ON "bookings" USING btree ("reservation_status","starts_at","id");--> statement-breakpoint
CREATE INDEX "bookings_window" ON "bookings" USING gist (tstzrange("starts_at", "ends_at"));--> statement-breakpoint
CREATE INDEX "slots_code_prefix" ON "slots" USING btree (lower("code") text_pattern_ops);