DROP INDEX "invoices_issued";--> statement-breakpoint
CREATE INDEX "charging_sessions_started" ON "charging_sessions" USING btree ("started_at","id");--> statement-breakpoint
CREATE INDEX "charging_sessions_running_started" ON "charging_sessions" USING btree ("started_at","id") WHERE "charging_sessions"."stopped_at" IS NULL;--> statement-breakpoint
CREATE INDEX "charging_sessions_station_started" ON "charging_sessions" USING btree ("station_id","started_at","id");--> statement-breakpoint
CREATE INDEX "charging_sessions_tag_started" ON "charging_sessions" USING btree (lower("id_tag"),"started_at","id");--> statement-breakpoint
CREATE INDEX "invoices_issued_id" ON "invoices" USING btree ("issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_status_issued" ON "invoices" USING btree ("status","issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_station_issued" ON "invoices" USING btree ("station_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_customer_issued" ON "invoices" USING btree ("customer_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_unpaid_session" ON "invoices" USING btree ("session_id") WHERE "invoices"."status" = 'unpaid';