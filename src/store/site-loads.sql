-- The load balancer's read of one site (store/site-loads.ts siteLoadStatement), as drizzle sends it;
-- test/unit/store/site-loads-statement.test.ts fails when it changes, so a change shows here as a diff. One row: the
-- site by its primary key, its stations as a JSON array through the index stations_site (site_id), and the running
-- sessions of those stations through the partial index charging_sessions_active (station_id, connector_id) WHERE
-- stopped_at IS NULL.
SELECT s.id, s.name, s.max_current_deciamps, s.phases, s.voltage_v, s.min_current_deciamps, s.failsafe_current_deciamps,
  s.strategy, (extract(epoch FROM s.created_at) * 1000)::float8 AS created_at_ms, (extract(epoch FROM s.updated_at) * 1000)::float8 AS updated_at_ms,
  (SELECT coalesce(json_agg(json_build_object('stationId', st.id, 'chargeBoxId', st.charge_box_id, 'name', st.name,
      'maxCurrentDeciamps', st.max_current_deciamps, 'priority', st.priority) ORDER BY st.id), '[]'::json)
    FROM stations st WHERE st.site_id = s.id) AS stations,
  (SELECT coalesce(json_agg(json_build_object('sessionId', c.id, 'stationId', c.station_id, 'connectorId', c.connector_id,
      'startedAtMs', (extract(epoch FROM c.started_at) * 1000)::float8, 'powerW', c.latest_power_w, 'measuredAtMs', (extract(epoch FROM c.latest_meter_at) * 1000)::float8)
      ORDER BY c.started_at, c.id), '[]'::json)
    FROM stations st JOIN charging_sessions c ON c.station_id = st.id AND c.stopped_at IS NULL
    WHERE st.site_id = s.id) AS sessions
FROM sites s WHERE s.id = $1
