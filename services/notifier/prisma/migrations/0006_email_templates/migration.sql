-- Issue 12: email templates (Liquid, safe for administrators to edit; see src/domain/templates/template-engine.ts).
-- Seeded with the templates of the out-of-the-box automations, the system emails and notification groups.
CREATE TABLE "email_templates" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" VARCHAR(64) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    -- Which placeholders it may use (src/domain/templates/placeholders.ts).
    "context" VARCHAR(32) NOT NULL,
    "subject" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    -- Null: the plain-text part is derived from the rendered HTML.
    "text_body" TEXT,
    -- Seeded templates of system emails and notification groups cannot be deleted, only edited.
    "system" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
    "updated_by" UUID,
    CONSTRAINT "email_templates_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "email_templates_key_key" ON "email_templates"("key");

INSERT INTO "email_templates" ("key", "name", "context", "subject", "html_body", "text_body", "system") VALUES
('a01-new-ticket-owner', 'A01: new ticket, to the account owner', 'ticket', '[Ticket #{{ ticket.number }}] New ticket: {{ ticket.subject }}', '<p>A new ticket was opened{% if customer.name != blank %} for {{ customer.name }}{% endif %} by {{ requester.email }} ({{ ticket.channel }}):</p>
<p><strong>#{{ ticket.number }} {{ ticket.subject }}</strong><br>Priority: {{ ticket.priority }}</p>', 'A new ticket was opened{% if customer.name != blank %} for {{ customer.name }}{% endif %} by {{ requester.email }} ({{ ticket.channel }}):

    #{{ ticket.number }} {{ ticket.subject }}
    Priority: {{ ticket.priority }}
', false),
('a02-thank-you', 'A02: thank the customer for the ticket', 'ticket', '[Ticket #{{ ticket.number }}] {{ ticket.subject }}', '<p>Hello,</p>
<p>thank you for contacting us. We have received your request and opened ticket #{{ ticket.number }}:</p>
<blockquote>{{ ticket.subject }}</blockquote>
<p>Our team will get back to you. To add information, reply to this email and keep the ticket number in the subject.</p>
{% if portal.enabled %}<p>You can also follow the ticket in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a></p>
{% endif %}<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello,

thank you for contacting us. We have received your request and opened ticket #{{ ticket.number }}:

    {{ ticket.subject }}

Our team will get back to you. To add information, reply to this email and keep the ticket number in the subject.
{% if portal.enabled %}
You can also follow the ticket in our customer portal: {{ ticket.portal_url }}
{% endif %}
Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', false),
('a03-public-note', 'A03: an agent''s public note, to the customer', 'ticket_note', '[Ticket #{{ ticket.number }}] {{ ticket.subject }}', '<p>{{ note.body | newline_to_br }}</p>
<p>— {{ note.author_name }}</p>
<p style="color:#666">Reply to this email to answer; keep the ticket number in the subject.{% if portal.enabled %} The whole conversation is in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a>{% endif %}</p>', '{{ note.body }}

— {{ note.author_name }}

Reply to this email to answer; keep the ticket number in the subject.{% if portal.enabled %}
The whole conversation is in our customer portal: {{ ticket.portal_url }}{% endif %}
', false),
('a04-status-changed', 'A04: status changed, to the customer', 'ticket_change', '[Ticket #{{ ticket.number }}] {{ ticket.subject }}: now {{ change.to }}', '<p>Hello,</p>
<p>the status of your ticket #{{ ticket.number }} ({{ ticket.subject }}) changed from <strong>{{ change.from }}</strong> to <strong>{{ change.to }}</strong>.</p>
<p>Reply to this email if you have anything to add; keep the ticket number in the subject.{% if portal.enabled %} You can also follow the ticket in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a>{% endif %}</p>
<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello,

the status of your ticket #{{ ticket.number }} ({{ ticket.subject }}) changed from {{ change.from }} to {{ change.to }}.

Reply to this email if you have anything to add; keep the ticket number in the subject.{% if portal.enabled %}
You can also follow the ticket in our customer portal: {{ ticket.portal_url }}{% endif %}

Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', false),
('system-portal-invitation', 'System email: invitation to create a portal account', 'contact_invitation', 'Your invitation to the customer portal', '<p>Hello {{ contact.first_name }},</p>
<p>you have been invited to our customer portal, where you can follow your support tickets and open new ones.</p>
<p>Choose your password here to accept the invitation:<br><a href="{{ invitation.link }}">{{ invitation.link }}</a></p>
<p>The link works once and expires on {{ invitation.expires_at }}. If you did not expect this invitation, you can ignore this email.</p>
<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello {{ contact.first_name }},

you have been invited to our customer portal, where you can follow your support tickets and open new ones.

Choose your password here to accept the invitation:

    {{ invitation.link }}

The link works once and expires on {{ invitation.expires_at }}.
If you did not expect this invitation, you can ignore this email.

Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', true),
('system-portal-account-created', 'System email: portal account created', 'contact_account', 'Your customer portal account is ready', '<p>Hello {{ contact.first_name }},</p>
<p>your account in our customer portal has been created. Sign in with {{ contact.email }}{% if portal.enabled %} at <a href="{{ portal.url }}">{{ portal.url }}</a>{% endif %} to follow your tickets and open new ones.</p>
<p>If you did not create this account, reply to this email.</p>
<p>Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}</p>', 'Hello {{ contact.first_name }},

your account in our customer portal has been created. Sign in with {{ contact.email }}{% if portal.enabled %} at {{ portal.url }}{% endif %} to follow your tickets and open new ones.

If you did not create this account, reply to this email.

Your support team{% if company.name != blank %}, {{ company.name }}{% endif %}', true),
('group-ticket-created', 'Notification group: ticket created', 'ticket', '[Ticket #{{ ticket.number }}] New ticket: {{ ticket.subject }}', '<p>A new ticket was opened by {{ requester.email }}: <strong>#{{ ticket.number }} {{ ticket.subject }}</strong>.</p>
<p style="color:#666">You receive this because you are in a notification group of {{ customer.name }}.</p>', 'A new ticket was opened by {{ requester.email }}:

    #{{ ticket.number }} {{ ticket.subject }}

You receive this because you are in a notification group of {{ customer.name }}.
', true),
('group-ticket-status-changed', 'Notification group: status changed', 'ticket_change', '[Ticket #{{ ticket.number }}] {{ ticket.subject }}: now {{ change.to }}', '<p>Ticket #{{ ticket.number }} ({{ ticket.subject }}) changed from {{ change.from }} to {{ change.to }}.</p>
<p style="color:#666">You receive this because you are in a notification group of {{ customer.name }}.</p>', 'Ticket #{{ ticket.number }} ({{ ticket.subject }}) changed from {{ change.from }} to {{ change.to }}.

You receive this because you are in a notification group of {{ customer.name }}.
', true),
('group-ticket-closed', 'Notification group: ticket closed', 'ticket_change', '[Ticket #{{ ticket.number }}] Closed: {{ ticket.subject }}', '<p>Ticket #{{ ticket.number }} ({{ ticket.subject }}) was closed.</p>
<p style="color:#666">You receive this because you are in a notification group of {{ customer.name }}.</p>', 'Ticket #{{ ticket.number }} ({{ ticket.subject }}) was closed.

You receive this because you are in a notification group of {{ customer.name }}.
', true),
('group-ticket-public-note', 'Notification group: public note', 'ticket_note', '[Ticket #{{ ticket.number }}] {{ ticket.subject }}', '<p>{{ note.author_name }} wrote on ticket #{{ ticket.number }}:</p>
<blockquote>{{ note.body | newline_to_br }}</blockquote>
<p style="color:#666">You receive this because you are in a notification group of {{ customer.name }}.</p>', '{{ note.author_name }} wrote on ticket #{{ ticket.number }}:

{{ note.body }}

You receive this because you are in a notification group of {{ customer.name }}.
', true);

-- One row: `version` is counted up by every change of what decides on emails (templates, automations,
-- system emails, the account owner, and applied customer_app.* / staff_user.* events). Each instance keeps
-- those in memory and writes a group's emails only while the version is the one it planned with.
CREATE TABLE "notifier_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 1,
    -- The staff user automations mean by "account owner"; null: the oldest active administrator.
    "account_owner_id" UUID,
    CONSTRAINT "notifier_settings_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "notifier_settings_one_row" CHECK ("id" = 1)
);
INSERT INTO "notifier_settings" ("id") VALUES (1);
