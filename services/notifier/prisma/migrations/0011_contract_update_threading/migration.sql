-- The contract update (A07) joins the ticket's thread only for a recipient who may see the ticket
-- (docs/contracts.md "The contract update and the ticket's thread"): the notifier adds the `[Ticket #N]`
-- tag then, and blanks ticket.portal_url otherwise. The seeded template drops its own tag and shows the
-- link only when there is one (nested: with the portal off, ticket.portal_url must not be read at all);
-- replace() leaves a template an administrator rewrote as it is.
UPDATE "email_templates" SET
  "subject" = replace("subject", '[Ticket #{{ ticket.number }}] ', ''),
  "html_body" = replace("html_body",
    '{% if portal.enabled %}<p>The ticket is in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a></p>
{% endif %}',
    '{% if portal.enabled %}{% if ticket.portal_url != blank %}<p>The ticket is in our customer portal: <a href="{{ ticket.portal_url }}">{{ ticket.portal_url }}</a></p>
{% endif %}{% endif %}'),
  "text_body" = replace("text_body",
    '{% if portal.enabled %}
The ticket is in our customer portal: {{ ticket.portal_url }}
{% endif %}',
    '{% if portal.enabled %}{% if ticket.portal_url != blank %}
The ticket is in our customer portal: {{ ticket.portal_url }}
{% endif %}{% endif %}')
WHERE "key" = 'a07-contract-update';
