-- The idle fee of every stopped session is priced on its connector's status history (store/billing-views.ts
-- listStatusHistories): the report in force at the start and those during the session, by the report's own time. By
-- status_notifications_station (arrival time) each StopTransaction read the connector's whole history twice (issue 14).
CREATE INDEX "status_notifications_connector_time" ON "status_notifications" USING btree ("station_id","connector_id",coalesce("charger_timestamp", "received_at"));