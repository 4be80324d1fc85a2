import type { ReceivedMail } from '@helpdesk/testing';
import { supportAddress } from './support/email-system';
import { alice, expectAliceReplyJoins, expectGinaReplyOpensHerOwn, startRoundTrip, type RoundTrip } from './support/thread-round-trip';

/**
 * Issue 12, "threading round trip", as the issue words it: an agent's public note is emailed to the
 * requester (A03: `[Ticket #N]` in the subject, its Message-ID recorded with the ticket through
 * outgoing_email.queued, In-Reply-To/References from the ticket's thread); the reply the contact's
 * mail client builds from that email's headers, delivered to support's mailbox, joins the same
 * ticket; the same reply by another customer's contact does not. (The same story with the
 * acknowledgement: email-thread-round-trip.e2e.test.ts.)
 */
describe('the email thread round trip: an agent\'s public note by email, answered from a mail client, back on its ticket', () => {
  const noteText = 'Please switch the printer off and on again, then send us its status page.';
  let story: RoundTrip;
  let noteEmail: ReceivedMail;

  beforeAll(async () => {
    story = await startRoundTrip();
    const { mail, ticket } = story;
    // The agent answers in public, through the gateway.
    const { version } = await mail.ticket(ticket.id);
    const note = await mail.api('POST', `/api/tickets/${ticket.id}/notes`, { body: noteText, visibility: 'public' }, { 'if-match': `"${version}"` });
    expect(note.status).toBe(201);
    noteEmail = await mail.system.smtp.waitForMail(
      (m) => m.to.includes(alice) && (m.parsed.subject ?? '').includes(`[Ticket #${ticket.number}]`) && (m.parsed.text ?? '').includes(noteText),
      30_000,
    );
    await mail.issued(noteEmail);
  }, 90_000);
  afterAll(() => story?.mail.stop());

  it('emails the note to the requester in the ticket\'s thread, as a person\'s words', () => {
    expect(noteEmail.parsed.inReplyTo).toBeTruthy();
    expect(noteEmail.parsed.references).toBeTruthy();
    // Answers reach support's mailbox (Reply-To, or From without one).
    expect((noteEmail.parsed.replyTo ?? noteEmail.parsed.from)?.value[0]?.address).toBe(supportAddress);
    // RFC 3834 §5: an agent's own words are not automatic mail.
    expect(noteEmail.parsed.headers.get('auto-submitted')).toBeUndefined();
  });

  it('files the contact\'s reply to the note email as a public note of the same ticket, by its In-Reply-To', async () => {
    await expectAliceReplyJoins(story, noteEmail, 'Done; the status page says "feeder error".');
  });

  it('opens a new ticket for another customer\'s contact who answers the same note email, and leaves the ticket alone', async () => {
    await expectGinaReplyOpensHerOwn(story, noteEmail, 'Ours says "feeder error" too.');
  });
});
