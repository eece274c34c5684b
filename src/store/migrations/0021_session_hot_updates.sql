-- Every MeterValues moves its session's live figures (latest_meter_wh, latest_power_w, latest_soc_percent,
-- latest_meter_at, updated_at): about ten UPDATEs in a session's life, none of them to an indexed column. With
-- full pages each new row version went to another page, and so into every one of the table's nine indexes; with
-- room left on the page PostgreSQL writes it as a heap-only tuple (HOT) and no index is touched (issue 14).
-- Applies to the pages written from now on.
ALTER TABLE "charging_sessions" SET (fillfactor = 70);
