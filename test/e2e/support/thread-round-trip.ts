import { waitFor, type ReceivedMail } from '@helpdesk/testing';
import { replyTo, startEmailSystem, supportAddress, type EmailSystem } from './email-system';

/**
 * The threading round trip of issue 12 (test 3), shared by the files that run it on different emails
 * of the system: Alice, a contact of Acme, opens a ticket by email; Gina, a contact of Globex, is the
 * other customer's contact who answers the same email.
 */
export const alice = 'alice@acme.example';
export const gina = 'gina@globex.example';

export interface RoundTrip {
  mail: EmailSystem;
  customers: { acme: string; globex: string };
  ticket: { id: string; number: number };
  /** The acknowledgement of Alice's email, as her mail server received it (its Message-ID recorded as issued). */
  acknowledgement: ReceivedMail;
}

export async function startRoundTrip(): Promise<RoundTrip> {
  const mail = await startEmailSystem();
  const customers = { acme: (await mail.addCustomer('Acme', ['acme.example'], [alice])).id, globex: (await mail.addCustomer('Globex', ['globex.example'], [gina])).id };
  const first = await mail.deliver({ from: `Alice Archer <${alice}>`, to: supportAddress, subject: 'The label printer jams', text: 'Every third label jams since Monday.' });
  const record = await mail.recordOf(first);
  if (record.outcome !== 'new-ticket') throw new Error(`Alice's first email: ${JSON.stringify(record)}`);
  const ticket = record.ticket as { id: string; number: number };
  const acknowledgement = await mail.system.smtp.waitForMail((m) => m.to.includes(alice) && m.parsed.subject === `[Ticket #${ticket.number}] The label printer jams`, 30_000);
  await mail.issued(acknowledgement);
  return { mail, customers, ticket, acknowledgement };
}

/** Alice answers `email` from her mail client: the answer goes to support and joins the ticket by In-Reply-To, as a public note. */
export async function expectAliceReplyJoins({ mail, ticket }: RoundTrip, email: ReceivedMail, text: string): Promise<void> {
  const reply = replyTo(email, { from: `Alice Archer <${alice}>`, text });
  expect(reply.to).toBe(supportAddress);
  const record = await mail.recordOf(await mail.deliver(reply));
  expect(record).toMatchObject({ outcome: 'joined-ticket', ticket: { id: ticket.id, number: ticket.number, rule: 'in-reply-to' } });
  const note = await waitFor(async () => (await mail.ticket(ticket.id)).notes.find((n: { sourceEmailId: string | null }) => n.sourceEmailId === record.id), { what: 'the note on the ticket' });
  expect(note).toMatchObject({ visibility: 'public', id: record.ticket.noteId });
  expect(note.body).toContain(text);
}

/** Gina answers the same `email`: a new ticket of Globex; Alice's ticket gets no note and no participant. */
export async function expectGinaReplyOpensHerOwn({ mail, ticket, customers }: RoundTrip, email: ReceivedMail, text: string): Promise<void> {
  const before = (await mail.ticket(ticket.id)).notes.length;
  const record = await mail.recordOf(await mail.deliver(replyTo(email, { from: `Gina Gale <${gina}>`, text })));
  expect(record.outcome).toBe('new-ticket');
  expect(record.ticket.id).not.toBe(ticket.id);
  expect(await mail.ticket(record.ticket.id)).toMatchObject({ customerId: customers.globex, requesterEmail: gina });
  await mail.settle();
  const after = await mail.ticket(ticket.id);
  expect(after.notes).toHaveLength(before);
  expect(after.participants.map((p: { email: string }) => p.email)).not.toContain(gina);
}
