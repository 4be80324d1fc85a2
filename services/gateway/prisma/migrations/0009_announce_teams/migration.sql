-- Announce the teams that exist already, once, with their whole state at their current version, for
-- the consumers that started keeping them after they were created: mail-ingest (which decides by
-- them who may allocate email accounts, issue 11) had none of an upgraded install's teams. An event
-- at the version a consumer has applied carries the same state (tickets, customers), so it changes
-- nothing there. The relay publishes these rows like any other (the envelope as producer 'gateway'
-- would record it; the same snapshot as team.updated from the application: ids sorted).
WITH t AS (SELECT teams.*, gen_random_uuid() AS event_id FROM teams)
INSERT INTO outbox (event_id, event_type, payload)
SELECT t.event_id, 'team.updated', jsonb_build_object(
    'id', t.event_id,
    'type', 'team.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'team', 'id', t.id::text, 'version', t.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0009-announce-teams',
    'causationId', NULL,
    'data', jsonb_build_object(
      'teamId', t.id::text,
      'name', t.name,
      'ticketAccess', CASE WHEN t.ticket_access = 'all' THEN 'all' ELSE 'selected' END,
      'customerIds', coalesce((SELECT jsonb_agg(c.customer_id::text ORDER BY c.customer_id) FROM team_customers c WHERE c.team_id = t.id), '[]'::jsonb),
      'memberIds', coalesce((SELECT jsonb_agg(m.user_id::text ORDER BY m.user_id) FROM team_members m WHERE m.team_id = t.id), '[]'::jsonb)))
FROM t;
