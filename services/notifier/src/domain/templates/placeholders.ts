/**
 * The placeholders an email template may use, per context: what the event that sends it knows. The
 * same tree checks a template when it is saved (an unknown placeholder is refused there, with its
 * position) and documents each value for the editor.
 */
export type TemplateContextName =
  | 'ticket'
  | 'ticket_note'
  | 'ticket_change'
  | 'ticket_email'
  | 'contact_invitation'
  | 'contact_account'
  | 'contract';

export const templateContextNames: readonly TemplateContextName[] = [
  'ticket',
  'ticket_note',
  'ticket_change',
  'ticket_email',
  'contact_invitation',
  'contact_account',
  'contract',
];

/** A placeholder group: each leaf's description. */
type Group = Record<string, string>;

const ticket: Group = {
  number: 'The ticket number, e.g. 1042',
  subject: "The ticket's subject",
  status: 'new, open, pending, resolved or closed',
  priority: "The ticket's priority",
  channel: 'How the ticket was opened: portal, agent or email',
  created_at: 'When the ticket was opened (ISO 8601, UTC)',
  portal_url: "The ticket's page in the customer portal (empty, and the email is not sent, while the portal is switched off)",
};
const customer: Group = { name: "The customer's name (empty for a ticket without a customer)" };
const contact: Group = { first_name: "The contact's first name", last_name: "The contact's last name", name: "The contact's full name", email: "The contact's email address" };
const requester: Group = { email: "The requester's email address" };
const assignee: Group = { name: 'The agent the ticket is assigned to (empty when unassigned)', email: "That agent's email address" };
const portal: Group = {
  enabled: 'true while the customer portal is switched on: wrap every portal sentence in {% if portal.enabled %}…{% endif %}',
  url: 'The customer portal (empty, and the email is not sent, while the portal is switched off)',
};
const company: Group = { name: 'Your helpdesk’s name (setting HELPDESK_NAME)' };
const common = { ticket, customer, contact, requester, assignee, portal, company };

/** Per context, the groups of placeholders and their leaves. */
export const placeholderTree: Readonly<Record<TemplateContextName, Readonly<Record<string, Group>>>> = {
  ticket: common,
  ticket_note: {
    ...common,
    note: { body: 'The public note, as written', author_name: 'Who wrote it', created_at: 'When (ISO 8601, UTC)' },
  },
  ticket_change: {
    ...common,
    change: { from: 'The status before the change', to: 'The status after it', actor_name: 'Who made the change' },
  },
  ticket_email: { ...common, email: { from: 'The sender of the email that opened the ticket', subject: "That email's subject" } },
  contact_invitation: {
    contact,
    portal,
    company,
    invitation: {
      link: 'The single-use link that accepts the invitation (the email is not sent while the portal is switched off)',
      expires_at: 'When the link expires, readable (UTC)',
    },
  },
  contact_account: { contact, portal, company },
  // Contract triggers (contract.threshold_reached, .limit_passed, .ticket_closed). Hours are numbers with at most two
  // decimals, counted from whole minutes; a figure the contract has not (no hour restriction) is empty.
  contract: {
    contract: {
      description: "The contract's description",
      purchase_order_number: 'Its purchase order number (empty when none)',
      hours: 'The contract hours (empty for a contract without them)',
      threshold_hours: 'The hours notification threshold (empty when none)',
      used_hours: 'Hours used on the contract, this event included',
      remaining_hours: 'Hours left before the contract hours, never below 0 (empty without contract hours)',
      overage_hours: 'Hours used beyond the contract hours (0 when within them)',
      start_date: 'The first day of the term (YYYY-MM-DD; empty when open)',
      end_date: 'The last day of the term (YYYY-MM-DD; empty when open)',
    },
    customer: { name: "The contract's customer" },
    recipient: { name: 'The name of the person the email is for' },
    ticket: {
      number: 'The ticket the time was logged on, or that was closed',
      subject: "That ticket's subject",
      hours: 'Hours logged on that ticket (the contract update only; empty in the warnings)',
      portal_url: "The ticket's page in the customer portal (empty, and the email is not sent, while the portal is switched off)",
    },
    portal,
    company,
  },
};

/** The placeholder paths that are portal links: while the portal is switched off, using one withholds the email. */
export const portalLinkPaths: readonly string[] = ['ticket.portal_url', 'portal.url', 'invitation.link'];

/**
 * Whether `path` (e.g. ['ticket', 'number'], or ['ticket'] for the whole group) names a placeholder of
 * `context`. Deeper paths than a leaf (e.g. `ticket.number.size`) read a property of a leaf value and pass.
 */
export function isKnownPlaceholder(context: TemplateContextName, path: readonly string[]): boolean {
  const [group, leaf] = path;
  const groups = placeholderTree[context];
  if (group === undefined || !Object.hasOwn(groups, group)) return false;
  return leaf === undefined || Object.hasOwn(groups[group]!, leaf) || leaf === 'size';
}
