-- No two bookings that hold a slot (confirmed or active) overlap in time: enforced by PostgreSQL itself, so
-- concurrent requests cannot both win (STACK.md: eight racing transactions, one success, seven 23P01).
-- tstzrange is [starts_at, ends_at): back-to-back windows do not overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_no_overlap"
  EXCLUDE USING gist ("slot_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&)
  WHERE ("status" IN ('confirmed', 'active'));
--> statement-breakpoint
-- Every outlet already known gets its slot (new ones get theirs when they first report).
INSERT INTO "slots" ("station_id", "connector_id", "code")
  SELECT c."station_id", c."connector_id", s."charge_box_id" || '-' || c."connector_id"
  FROM "connectors" c JOIN "stations" s ON s."id" = c."station_id"
  WHERE c."connector_id" >= 1
  ON CONFLICT DO NOTHING;
