import { waitFor, type ReceivedMail } from '@helpdesk/testing';
import { replyTo, startEmailSystem, supportAddress, type EmailSystem } from './support/email-system';

/**
 * Issue 12, "threading round trip", with the email the system sends today on a ticket opened by
 * email: the acknowledgement (A02). A contact emails support; the acknowledgement reaches the
 * contact's mail server; the reply the contact's mail client builds from its headers, delivered to
 * support's mailbox, becomes a public note of the same ticket; the same reply by a contact of
 * another customer does not touch that ticket. (The same story with an agent's public note emailed
 * by A03: email-thread-note.e2e.test.ts.)
 */
describe('the email thread round trip: an email of the system, answered from a mail client, back on its ticket', () => {
  let mail: EmailSystem;
  const alice = 'alice@acme.example';
  const gina = 'gina@globex.example';
  const customers = { acme: '', globex: '' };
  let ticket: { id: string; number: number };
  let acknowledgement: ReceivedMail;

  beforeAll(async () => {
    mail = await startEmailSystem();
    customers.acme = (await mail.addCustomer('Acme', ['acme.example'], [alice])).id;
    customers.globex = (await mail.addCustomer('Globex', ['globex.example'], [gina])).id;
    const first = await mail.deliver({ from: `Alice Archer <${alice}>`, to: supportAddress, subject: 'The label printer jams', text: 'Every third label jams since Monday.' });
    const record = await mail.recordOf(first);
    expect(record).toMatchObject({ outcome: 'new-ticket', ticket: { id: expect.any(String) } });
    ticket = record.ticket;
    acknowledgement = await mail.system.smtp.waitForMail((m) => m.to.includes(alice) && m.parsed.subject === `[Ticket #${ticket.number}] The label printer jams`, 30_000);
    await mail.issued(acknowledgement);
  }, 90_000);
  afterAll(() => mail?.stop());

  it('sends the acknowledgement in the thread of the email that opened the ticket', async () => {
    const opened = (await mail.ticket(ticket.id));
    expect(opened).toMatchObject({ channel: 'email', customerId: customers.acme, requesterEmail: alice });
    expect(acknowledgement.parsed.inReplyTo).toBeTruthy();
    expect(acknowledgement.parsed.replyTo?.value[0]?.address).toBe(supportAddress);
  });

  it('files the contact\'s reply to it as a public note of the same ticket, by its In-Reply-To', async () => {
    const reply = replyTo(acknowledgement, { from: `Alice Archer <${alice}>`, text: 'It also jams with the new labels.' });
    expect(reply.to).toBe(supportAddress);
    const messageId = await mail.deliver(reply);
    const record = await mail.recordOf(messageId);
    expect(record).toMatchObject({ outcome: 'joined-ticket', ticket: { id: ticket.id, number: ticket.number, rule: 'in-reply-to' } });
    const onTicket = await waitFor(async () => (await mail.ticket(ticket.id)).notes.find((n: { sourceEmailId: string | null }) => n.sourceEmailId === record.id), { what: 'the note on the ticket' });
    expect(onTicket).toMatchObject({ visibility: 'public', id: record.ticket.noteId });
    expect(onTicket.body).toContain('It also jams with the new labels.');
  });

  it('opens a new ticket for another customer\'s contact who answers the same email, and leaves the ticket alone', async () => {
    const before = (await mail.ticket(ticket.id)).notes.length;
    const messageId = await mail.deliver(replyTo(acknowledgement, { from: `Gina Gale <${gina}>`, text: 'We have the same printer, same problem.' }));
    const record = await mail.recordOf(messageId);
    expect(record.outcome).toBe('new-ticket');
    expect(record.ticket.id).not.toBe(ticket.id);
    const other = await mail.ticket(record.ticket.id);
    expect(other).toMatchObject({ customerId: customers.globex, requesterEmail: gina });
    await mail.settle();
    const after = await mail.ticket(ticket.id);
    expect(after.notes).toHaveLength(before);
    expect(after.participants.map((p: { email: string }) => p.email)).not.toContain(gina);
  });
});
