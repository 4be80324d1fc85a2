import { supportAddress } from './support/email-system';
import { alice, expectAliceReplyJoins, expectGinaReplyOpensHerOwn, startRoundTrip, type RoundTrip } from './support/thread-round-trip';

/**
 * Issue 12, "threading round trip", with the email the system sends today on a ticket opened by
 * email: the acknowledgement (A02). A contact emails support; the acknowledgement reaches the
 * contact's mail server; the reply the contact's mail client builds from its headers, delivered to
 * support's mailbox, becomes a public note of the same ticket; the same reply by a contact of
 * another customer does not touch that ticket. (The same story with an agent's public note emailed
 * by A03: email-thread-note.e2e.test.ts.)
 */
describe('the email thread round trip: an email of the system, answered from a mail client, back on its ticket', () => {
  let story: RoundTrip;

  beforeAll(async () => {
    story = await startRoundTrip();
  }, 90_000);
  afterAll(() => story?.mail.stop());

  it('sends the acknowledgement in the thread of the email that opened the ticket', async () => {
    expect(await story.mail.ticket(story.ticket.id)).toMatchObject({ channel: 'email', customerId: story.customers.acme, requesterEmail: alice });
    expect(story.acknowledgement.parsed.inReplyTo).toBeTruthy();
    expect(story.acknowledgement.parsed.replyTo?.value[0]?.address).toBe(supportAddress);
  });

  it('files the contact\'s reply to it as a public note of the same ticket, by its In-Reply-To', async () => {
    await expectAliceReplyJoins(story, story.acknowledgement, 'It also jams with the new labels.');
  });

  it('opens a new ticket for another customer\'s contact who answers the same email, and leaves the ticket alone', async () => {
    await expectGinaReplyOpensHerOwn(story, story.acknowledgement, 'We have the same printer, same problem.');
  });
});
