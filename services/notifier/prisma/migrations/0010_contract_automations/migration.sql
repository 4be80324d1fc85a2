-- Issue 13 §4-6: the contract emails as automations an administrator can switch off or edit: A05 (threshold
-- warning), A06 (limit passed), A07 (contract update), with their templates (context `contract`,
-- src/domain/templates/placeholders.ts), and the contract events their dry runs are tried on.

-- Each contract's newest event of each type the notifier consumed: what a contract trigger's dry run uses.
CREATE TABLE "notifier_contract_events" (
    "contract_id" UUID NOT NULL,
    "event_type" VARCHAR(64) NOT NULL,
    "event_id" UUID NOT NULL,
    -- The contract aggregate's version in the event: an older one delivered late replaces nothing.
    "version" INTEGER NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL,
    CONSTRAINT "notifier_contract_events_pkey" PRIMARY KEY ("contract_id", "event_type")
);
CREATE INDEX "notifier_contract_events_type_at_idx" ON "notifier_contract_events"("event_type", "occurred_at" DESC);

INSERT INTO "email_templates" ("key", "name", "context", "subject", "html_body", "text_body", "system") VALUES
('a05-contract-threshold', 'A05: contract hours threshold warning', 'contract', '{{ contract.description }}: {{ contract.used_hours }} of {{ contract.hours }} hours used', '<p>Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},</p>
<p>the support contract <strong>{{ contract.description }}</strong>{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %} of {{ customer.name }} has reached its notification threshold of {{ contract.threshold_hours }} hours.</p>
<p>Used: {{ contract.used_hours }} of {{ contract.hours }} hours. Remaining: {{ contract.remaining_hours }} hours.</p>
<p>The latest time was logged on ticket #{{ ticket.number }} ({{ ticket.subject }}).</p>
{% if portal.enabled %}<p>The contract''s hours are shown in our customer portal: <a href="{{ portal.url }}">{{ portal.url }}</a></p>
{% endif %}<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},

the support contract "{{ contract.description }}"{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %} of {{ customer.name }} has reached its notification threshold of {{ contract.threshold_hours }} hours.

Used: {{ contract.used_hours }} of {{ contract.hours }} hours. Remaining: {{ contract.remaining_hours }} hours.

The latest time was logged on ticket #{{ ticket.number }} ({{ ticket.subject }}).
{% if portal.enabled %}
The contract''s hours are shown in our customer portal: {{ portal.url }}
{% endif %}
Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', false),
('a06-contract-limit-passed', 'A06: contract limit passed', 'contract', '{{ contract.description }}: contract hours exceeded by {{ contract.overage_hours }} hours', '<p>Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},</p>
<p>time logged on ticket #{{ ticket.number }} ({{ ticket.subject }}) took the support contract <strong>{{ contract.description }}</strong>{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %} of {{ customer.name }} past its {{ contract.hours }} hours, with the agent''s explicit confirmation.</p>
<p>Used: {{ contract.used_hours }} hours, {{ contract.overage_hours }} hours beyond the contract.</p>
<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},

time logged on ticket #{{ ticket.number }} ({{ ticket.subject }}) took the support contract "{{ contract.description }}"{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %} of {{ customer.name }} past its {{ contract.hours }} hours, with the agent''s explicit confirmation.

Used: {{ contract.used_hours }} hours, {{ contract.overage_hours }} hours beyond the contract.

Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', false),
('a07-contract-update', 'A07: contract update on a closed ticket, to the customer contact', 'contract', '[Ticket #{{ ticket.number }}] Contract update: {{ contract.description }}', '<p>Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},</p>
<p>ticket #{{ ticket.number }} ({{ ticket.subject }}) was closed. It was worked on under your support contract <strong>{{ contract.description }}</strong>{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %}.</p>
<ul>
<li>Hours on this ticket: {{ ticket.hours }}</li>
<li>Hours used on the contract: {{ contract.used_hours }}{% if contract.hours != blank %} of {{ contract.hours }}{% endif %}</li>
{% if contract.hours != blank %}<li>Hours remaining: {{ contract.remaining_hours }}{% if contract.overage_hours > 0 %} ({{ contract.overage_hours }} hours beyond the contract){% endif %}</li>
{% endif %}</ul>
{% if portal.enabled %}<p>The ticket is in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a></p>
{% endif %}<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello{% if recipient.name != blank %} {{ recipient.name }}{% endif %},

ticket #{{ ticket.number }} ({{ ticket.subject }}) was closed. It was worked on under your support contract "{{ contract.description }}"{% if contract.purchase_order_number != blank %} (purchase order {{ contract.purchase_order_number }}){% endif %}.

    Hours on this ticket: {{ ticket.hours }}
    Hours used on the contract: {{ contract.used_hours }}{% if contract.hours != blank %} of {{ contract.hours }}{% endif %}
{% if contract.hours != blank %}    Hours remaining: {{ contract.remaining_hours }}{% if contract.overage_hours > 0 %} ({{ contract.overage_hours }} hours beyond the contract){% endif %}
{% endif %}{% if portal.enabled %}
The ticket is in our customer portal: {{ ticket.portal_url }}
{% endif %}
Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', false);

-- A customer's notification groups that take contract.threshold_reached (seed 004: customers' notificationEvents)
-- get this one; `system`: edited, never deleted, as the other group templates.
INSERT INTO "email_templates" ("key", "name", "context", "subject", "html_body", "text_body", "system") VALUES
('group-contract-threshold', 'Notification group: contract hours threshold reached', 'contract', '{{ contract.description }}: {{ contract.used_hours }} of {{ contract.hours }} hours used', '<p>The support contract <strong>{{ contract.description }}</strong> of {{ customer.name }} has reached its notification threshold of {{ contract.threshold_hours }} hours: {{ contract.used_hours }} of {{ contract.hours }} hours used, {{ contract.remaining_hours }} remaining.</p>
<p style="color:#666">You receive this because you are in a notification group of {{ customer.name }}.</p>', 'The support contract "{{ contract.description }}" of {{ customer.name }} has reached its notification threshold of {{ contract.threshold_hours }} hours: {{ contract.used_hours }} of {{ contract.hours }} hours used, {{ contract.remaining_hours }} remaining.

You receive this because you are in a notification group of {{ customer.name }}.
', true);

-- Fixed ids (tests and docs name them). On an installation where an administrator already took a code, the
-- automation gets the next free one (codes are unique; the id stays fixed).
CREATE FUNCTION "pg_temp"."free_automation_code"(wanted TEXT) RETURNS TEXT LANGUAGE sql AS $$
  SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM "automations" WHERE "code" = wanted) THEN wanted
              ELSE 'A' || lpad((coalesce(max(substring("code" FROM 2)::int), 0) + 1)::text, 2, '0') END
  FROM "automations" WHERE "code" ~ '^A[0-9]+$'
$$;
INSERT INTO "automations" ("id", "code", "name", "trigger", "conditions", "actions", "enabled") VALUES
('a0000000-0000-4000-8000-000000000005', pg_temp.free_automation_code('A05'), 'Contract hours threshold warning', 'contract.threshold_reached', '[]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a05-contract-threshold'),
    'to', '[{"kind":"contract_customer_contact"},{"kind":"contract_support_contact"},{"kind":"contract_support_manager"}]'::jsonb)), true);
INSERT INTO "automations" ("id", "code", "name", "trigger", "conditions", "actions", "enabled") VALUES
('a0000000-0000-4000-8000-000000000006', pg_temp.free_automation_code('A06'), 'Contract limit passed', 'contract.limit_passed', '[]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a06-contract-limit-passed'),
    'to', '[{"kind":"contract_customer_contact"},{"kind":"contract_support_contact"},{"kind":"contract_support_manager"}]'::jsonb)), true);
INSERT INTO "automations" ("id", "code", "name", "trigger", "conditions", "actions", "enabled") VALUES
('a0000000-0000-4000-8000-000000000007', pg_temp.free_automation_code('A07'), 'Contract update', 'contract.ticket_closed', '[]',
  jsonb_build_array(jsonb_build_object('type', 'send_email', 'templateId', (SELECT "id" FROM "email_templates" WHERE "key" = 'a07-contract-update'),
    'to', '[{"kind":"contract_customer_contact"}]'::jsonb)), true);
DROP FUNCTION "pg_temp"."free_automation_code"(TEXT);

-- Automations and templates decide on emails: instances holding the catalogue before them reload.
UPDATE "notifier_settings" SET "version" = "version" + 1 WHERE "id" = 1;
