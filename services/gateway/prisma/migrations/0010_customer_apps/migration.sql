-- Customer apps (issue 12, seed 000): today only the customer portal, at most one (unique kind). While
-- no portal app is enabled the helpdesk runs by email alone: the portal refuses sign-ins, acceptances
-- and portal tokens, and no email may carry a portal link. Disabling revokes nothing; deleting forgets
-- the app's name and appearance (its configuration). `version` is counted up by every change: the
-- customer_app.* events carry it.
CREATE TABLE "customer_apps" (
    "id" UUID NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "appearance" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "customer_apps_pkey" PRIMARY KEY ("id")
);

-- One app per kind: one portal.
CREATE UNIQUE INDEX "customer_apps_kind_key" ON "customer_apps"("kind");

-- Every installation, new or upgraded, starts with the portal it always had, enabled, and announces
-- it (as the application would record customer_app.created), so the services that keep whether a
-- portal exists know it from the start. The relay publishes this row like any other.
WITH app AS (
  INSERT INTO customer_apps (id, kind, name, enabled, appearance, version, updated_at)
  VALUES (gen_random_uuid(), 'portal', 'Customer portal', true, '{}', 1, now())
  RETURNING *
), e AS (SELECT app.*, gen_random_uuid() AS event_id FROM app)
INSERT INTO outbox (event_id, event_type, payload)
SELECT e.event_id, 'customer_app.created', jsonb_build_object(
    'id', e.event_id,
    'type', 'customer_app.created',
    'version', 1,
    'aggregate', jsonb_build_object('type', 'customer_app', 'id', e.id::text, 'version', e.version),
    'occurredAt', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'producer', 'gateway',
    'correlationId', 'migration-0010-customer-apps',
    'causationId', NULL,
    'data', jsonb_build_object('appId', e.id::text, 'kind', e.kind, 'name', e.name, 'enabled', e.enabled))
FROM e;
