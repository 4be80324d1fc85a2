-- Announce the customers and customer groups that exist already, once, at their current version, for
-- the consumers that started keeping them after they were created: mail-ingest (its customer search
-- and allocation of email accounts, issue 11) and the tickets service (each customer's group, for
-- accounts allocated to a group). An event at the version a consumer has applied carries the same
-- state, so it changes nothing there but what was not kept before. The relay publishes these rows like
-- any other (the envelope as producer 'customers' would record it).
WITH g AS (SELECT customer_groups.*, gen_random_uuid() AS event_id FROM customer_groups)
INSERT INTO outbox (event_id, event_type, payload)
SELECT g.event_id, 'customer_group.updated', jsonb_build_object(
    'id', g.event_id,
    'type', 'customer_group.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'customer_group', 'id', g.id::text, 'version', g.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'customers',
    'correlationId', 'migration-0003-announce-customers-and-groups',
    'causationId', NULL,
    'data', jsonb_build_object('groupId', g.id::text, 'name', g.name))
FROM g;

WITH c AS (SELECT customers.*, gen_random_uuid() AS event_id FROM customers)
INSERT INTO outbox (event_id, event_type, payload)
SELECT c.event_id, 'customer.updated', jsonb_build_object(
    'id', c.event_id,
    'type', 'customer.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'customer', 'id', c.id::text, 'version', c.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'customers',
    'correlationId', 'migration-0003-announce-customers-and-groups',
    'causationId', NULL,
    'data', jsonb_build_object('customerId', c.id::text, 'name', c.name, 'portalTicketVisibility', c.portal_ticket_visibility, 'groupId', c.group_id::text))
FROM c;
