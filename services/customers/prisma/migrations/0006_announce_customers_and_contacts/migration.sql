-- Announce the customers and contacts that exist already, once, at their current version, for the
-- contracts service (issue 13), which started keeping them after they were created: a contract names
-- a customer, an active contact of it, and shows a contact who moved or was deactivated. Every contact
-- as contact.updated (its names, address and customer), and each deactivated one also as
-- contact.deactivated (the contracts service applies a deactivation whatever its version, as nothing
-- reactivates a contact). An event at the version a consumer has applied carries the same state, so it
-- changes nothing there (tickets, mail-ingest, notifier, gateway). The relay publishes these rows like
-- any other (the envelope as producer 'customers' would record it).
WITH c AS (SELECT customers.*, gen_random_uuid() AS event_id FROM customers)
INSERT INTO outbox (event_id, event_type, payload)
SELECT c.event_id, 'customer.updated', jsonb_build_object(
    'id', c.event_id,
    'type', 'customer.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'customer', 'id', c.id::text, 'version', c.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'customers',
    'correlationId', 'migration-0006-announce-customers-and-contacts',
    'causationId', NULL,
    'data', jsonb_build_object('customerId', c.id::text, 'name', c.name, 'portalTicketVisibility', c.portal_ticket_visibility,
                               'groupId', c.group_id::text, 'emailDomains', to_jsonb(c.email_domains)))
FROM c;

WITH k AS (SELECT contacts.*, gen_random_uuid() AS event_id FROM contacts)
INSERT INTO outbox (event_id, event_type, payload)
SELECT k.event_id, 'contact.updated', jsonb_build_object(
    'id', k.event_id,
    'type', 'contact.updated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'contact', 'id', k.id::text, 'version', k.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'customers',
    'correlationId', 'migration-0006-announce-customers-and-contacts',
    'causationId', NULL,
    'data', jsonb_build_object('contactId', k.id::text, 'customerId', k.customer_id::text, 'firstName', k.first_name, 'lastName', k.last_name, 'email', k.email))
FROM k;

WITH k AS (SELECT contacts.*, gen_random_uuid() AS event_id FROM contacts WHERE NOT active)
INSERT INTO outbox (event_id, event_type, payload)
SELECT k.event_id, 'contact.deactivated', jsonb_build_object(
    'id', k.event_id,
    'type', 'contact.deactivated',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'contact', 'id', k.id::text, 'version', k.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'customers',
    'correlationId', 'migration-0006-announce-customers-and-contacts',
    'causationId', NULL,
    'data', jsonb_build_object('contactId', k.id::text, 'customerId', k.customer_id::text))
FROM k;
