import { ticketCreatedV1, type EventData } from '@helpdesk/contracts-schema';
import { acknowledgementEmails } from './acknowledge-ticket.js';
import { threadingOf } from './automatic-answers.js';

type TicketCreated = EventData<typeof ticketCreatedV1>;

const sourceEmail = {
  emailId: '7e6d5c4b-3a29-4f18-9e07-d6c5b4a39281',
  emailAccountId: '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a',
  mailbox: 'support@acme.example',
  from: 'dana@customer.example',
  messageId: '<q@customer.example>',
  references: ['<p@customer.example>'],
  automatic: false,
};
const fromEmail = (source: Partial<typeof sourceEmail> = {}): TicketCreated => ({
  ...ticketCreatedV1.example,
  requesterEmail: 'dana@customer.example',
  channel: 'email',
  sourceEmail: { ...sourceEmail, ...source },
});
const sender = 'Helpdesk <support@helpdesk.example>';

describe('the acknowledgement of a new ticket', () => {
  it('goes to the requester of a ticket opened by an agent or in the portal, with no threading', () => {
    const [email, ...more] = acknowledgementEmails('e1', { ...ticketCreatedV1.example, channel: 'portal' }, sender);
    expect(more).toEqual([]);
    expect(email).toMatchObject({ kind: 'ticket_acknowledgement', toAddress: 'dana@customer.example', ticketId: ticketCreatedV1.example.ticketId, threading: undefined });
  });

  it('answers a ticket opened by an email in its thread: In-Reply-To, References with its Message-ID last, Reply-To its mailbox', () => {
    const [email] = acknowledgementEmails('e1', fromEmail(), sender);
    expect(email).toMatchObject({
      toAddress: 'dana@customer.example',
      subject: '[Ticket #1001] Printer on floor 3 is offline',
      threading: { inReplyTo: '<q@customer.example>', references: ['<p@customer.example>', '<q@customer.example>'], replyTo: 'support@acme.example' },
    });
  });

  it('has no In-Reply-To when the email had no Message-ID, and keeps its References', () => {
    const [email] = acknowledgementEmails('e1', fromEmail({ messageId: null }), sender);
    expect(email!.threading).toEqual({ inReplyTo: null, references: ['<p@customer.example>'], replyTo: 'support@acme.example' });
  });

  it('is not sent at all for a ticket opened by an automatic email (nothing answers those)', () => {
    expect(acknowledgementEmails('e1', fromEmail({ automatic: true }), sender)).toEqual([]);
  });
});

describe('threadingOf', () => {
  it('does not name the answered Message-ID twice when its References already end with it', () => {
    expect(threadingOf(fromEmail({ references: ['<p@customer.example>', '<q@customer.example>'] }))!.references).toEqual(['<p@customer.example>', '<q@customer.example>']);
  });

  it('threads nothing that did not come by email', () => {
    expect(threadingOf({ channel: 'portal' })).toBeUndefined();
    expect(threadingOf({ channel: 'email' })).toBeUndefined();
  });
});
