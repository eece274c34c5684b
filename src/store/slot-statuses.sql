-- The slot watcher's refresh (store/slot-statuses.ts listSlotFacts), as drizzle sends it for three stations and
-- three slots; test/integration/services/slot-statuses.test.ts fails when it changes, so a change shows here as
-- a diff. Each fact is an EXISTS on an index: maintenance_issues_station, charging_sessions_active,
-- bookings_slot_window. Without a filter the WHERE goes; the ids go in as two array parameters.
select "slots"."id", "slots"."code", "slots"."station_id", "slots"."connector_id",
  CASE WHEN "stations"."active" THEN "connectors"."status" END,
  exists (select 1 from "maintenance_issues" where ("maintenance_issues"."station_id" = "slots"."station_id"
    and ("maintenance_issues"."connector_id" = $1 or "maintenance_issues"."connector_id" = "slots"."connector_id")
    and "maintenance_issues"."status" in ($2, $3) and "maintenance_issues"."source" in ($4, $5))),
  exists (select 1 from "charging_sessions" where ("charging_sessions"."station_id" = "slots"."station_id"
    and "charging_sessions"."connector_id" = "slots"."connector_id" and "charging_sessions"."stopped_at" is null)),
  exists (select 1 from "bookings" where ("bookings"."slot_id" = "slots"."id" and "bookings"."status" in ($6, $7)
    and "bookings"."starts_at" <= $8 and "bookings"."ends_at" > $9))
from "slots"
  inner join "stations" on "stations"."id" = "slots"."station_id"
  left join "connectors" on ("connectors"."station_id" = "slots"."station_id" and "connectors"."connector_id" = "slots"."connector_id")
where ("slots"."station_id" = ANY($10::int[]) or "slots"."id" = ANY($11::int[]))
order by "slots"."station_id" asc, "slots"."connector_id" asc
