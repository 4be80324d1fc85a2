-- A team's version, counted up by every change of it (name, ticket access, customers, members): the
-- team.* events carry it, so the services that keep teams' access apply them in order.
ALTER TABLE "teams" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Announce the teams that exist already, as team.created at version 1, so that the services which
-- resolve team access from their projection know them from the start; without this, every agent of
-- an upgraded installation would reach no customer until each team was changed. The relay publishes
-- these rows like any other (the envelope as producer 'gateway' would record it).
WITH t AS (SELECT teams.*, gen_random_uuid() AS event_id FROM teams)
INSERT INTO outbox (event_id, event_type, payload)
SELECT t.event_id, 'team.created', jsonb_build_object(
    'id', t.event_id,
    'type', 'team.created',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'team', 'id', t.id::text, 'version', t.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0005-team-versions',
    'causationId', NULL,
    'data', jsonb_build_object(
      'teamId', t.id::text,
      'name', t.name,
      'ticketAccess', t.ticket_access,
      'customerIds', COALESCE((SELECT jsonb_agg(c.customer_id::text ORDER BY c.customer_id) FROM team_customers c WHERE c.team_id = t.id), '[]'::jsonb),
      'memberIds', COALESCE((SELECT jsonb_agg(m.user_id::text ORDER BY m.user_id) FROM team_members m WHERE m.team_id = t.id), '[]'::jsonb)))
FROM t;
