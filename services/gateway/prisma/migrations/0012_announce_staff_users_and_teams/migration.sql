-- Announce the staff users and teams that exist already, once, with their whole state at their current
-- version, for the contracts service (issue 13), which started keeping them after they were created:
-- teams decide which customers' contracts a staff user reaches, staff users who may be a contract's
-- support contact or manager. An event at the version a consumer has applied carries the same state
-- (notifier, tickets, customers, mail-ingest), so it changes nothing there. The relay publishes these
-- rows like any other (the envelope as producer 'gateway' would record it; the same snapshots as
-- 0011 and 0009).
WITH u AS (SELECT staff_users.*, gen_random_uuid() AS event_id FROM staff_users)
INSERT INTO outbox (event_id, event_type, payload)
SELECT u.event_id, 'staff_user.updated', jsonb_build_object(
    'id', u.event_id,
    'type', 'staff_user.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'staff_user', 'id', u.id::text, 'version', u.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0012-announce-staff-users-and-teams',
    'causationId', NULL,
    'data', jsonb_build_object(
      'userId', u.id::text,
      'email', u.email,
      'name', u.name,
      'role', CASE WHEN u.role = 'admin' THEN 'admin' ELSE 'agent' END,
      'active', u.active,
      'createdAt', to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
FROM u;

WITH t AS (SELECT teams.*, gen_random_uuid() AS event_id FROM teams)
INSERT INTO outbox (event_id, event_type, payload)
SELECT t.event_id, 'team.updated', jsonb_build_object(
    'id', t.event_id,
    'type', 'team.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'team', 'id', t.id::text, 'version', t.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0012-announce-staff-users-and-teams',
    'causationId', NULL,
    'data', jsonb_build_object(
      'teamId', t.id::text,
      'name', t.name,
      'ticketAccess', CASE WHEN t.ticket_access = 'all' THEN 'all' ELSE 'selected' END,
      'customerIds', coalesce((SELECT jsonb_agg(c.customer_id::text ORDER BY c.customer_id) FROM team_customers c WHERE c.team_id = t.id), '[]'::jsonb),
      'memberIds', coalesce((SELECT jsonb_agg(m.user_id::text ORDER BY m.user_id) FROM team_members m WHERE m.team_id = t.id), '[]'::jsonb)))
FROM t;
