import type { TemplateContextName } from './placeholders.js';

/**
 * One complete, realistic set of placeholder values per context: what the preview renders against and
 * what validation renders with (a subject that only grows too long with real values is caught at save).
 * Every leaf of the context's placeholder tree has a value (validate-template.test.ts checks it), so a
 * preview shows each placeholder the way an email would.
 */
export interface SampleOptions {
  /** The portal's base URL (PORTAL_URL): the sample's portal links are built from it, as real ones are. */
  portalUrl: string;
  /** The helpdesk's name, when one is configured. */
  companyName?: string;
}

const sampleTicketId = '5f0c7e0e-8d2b-4c52-9a57-3f1d2c4b6a10';

export function sampleValues(context: TemplateContextName, options: SampleOptions): Record<string, unknown> {
  const base = options.portalUrl.replace(/\/$/, '');
  const company = { name: options.companyName ?? 'Example Support' };
  const portal = { enabled: true, url: base };
  const contact = { first_name: 'Maria', last_name: 'Schneider', name: 'Maria Schneider', email: 'maria.schneider@acme.example' };
  const customer = { name: 'Acme Logistics GmbH' };
  const ticketValues = {
    ticket: {
      number: 1042,
      subject: 'The label printer in the warehouse prints blank pages',
      status: 'open',
      priority: 'high',
      channel: 'email',
      created_at: '2026-11-30T09:14:00Z',
      portal_url: `${base}/tickets/${sampleTicketId}`,
    },
    customer,
    contact,
    requester: { email: contact.email },
    assignee: { name: 'Jonas Weber', email: 'jonas.weber@helpdesk.example' },
    portal,
    company,
  };
  switch (context) {
    case 'ticket':
      return ticketValues;
    case 'ticket_note':
      return {
        ...ticketValues,
        note: {
          body: 'Hello Maria,\n\nwe replaced the print head this morning. Could you print a test label and tell us whether it comes out right?\n\nThanks, Jonas',
          author_name: 'Jonas Weber',
          created_at: '2026-11-30T11:02:00Z',
        },
      };
    case 'ticket_change':
      return { ...ticketValues, change: { from: 'open', to: 'resolved', actor_name: 'Jonas Weber' } };
    case 'ticket_email':
      return { ...ticketValues, email: { from: contact.email, subject: 'Label printer prints blank pages' } };
    case 'contact_invitation':
      return {
        contact,
        portal,
        company,
        invitation: { link: `${base}/invitation?token=sample-token-not-a-real-link`, expires_at: '2026-12-07 09:14 UTC' },
      };
    case 'contact_account':
      return { contact, portal, company };
    case 'contract':
      return {
        contract: {
          description: 'Support 2027',
          purchase_order_number: 'PO-1234',
          hours: 40,
          threshold_hours: 35,
          used_hours: 35.5,
          remaining_hours: 4.5,
          overage_hours: 0,
          start_date: '2027-01-01',
          end_date: '2027-12-31',
        },
        customer,
        recipient: { name: contact.name },
        ticket: { number: ticketValues.ticket.number, subject: ticketValues.ticket.subject, hours: 2.5, portal_url: ticketValues.ticket.portal_url },
        portal,
        company,
      };
  }
}
