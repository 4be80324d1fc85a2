-- A staff user's version, counted up by every change of the user (manage-staff.ts): the staff_user.*
-- events carry it, so the services that keep staff users (the notifier: who may receive an
-- automation's email, who is the account owner) apply them in order.
ALTER TABLE "staff_users" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1;

-- Announce the staff users that exist already, once, as staff_user.created with their whole state at
-- version 1, so those services know them from the start (as 0007 announced teams). The relay publishes
-- these rows like any other (the envelope as producer 'gateway' would record it).
WITH u AS (SELECT staff_users.*, gen_random_uuid() AS event_id FROM staff_users)
INSERT INTO outbox (event_id, event_type, payload)
SELECT u.event_id, 'staff_user.created', jsonb_build_object(
    'id', u.event_id,
    'type', 'staff_user.created',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'staff_user', 'id', u.id::text, 'version', u.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0011-staff-user-versions',
    'causationId', NULL,
    'data', jsonb_build_object(
      'userId', u.id::text,
      'email', u.email,
      'name', u.name,
      'role', CASE WHEN u.role = 'admin' THEN 'admin' ELSE 'agent' END,
      'active', u.active,
      'createdAt', to_char(u.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))
FROM u;
