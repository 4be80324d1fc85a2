import type { ReceivedMail } from '@helpdesk/testing';
import { addressOf, replyTo, startEmailSystem, supportAddress, type EmailSystem, type InboundRecord, type OutgoingMail } from './support/email-system';

/**
 * Issue 12, "loop": machines that answer every mail they get must not keep the system answering
 * them. Each party below writes to support once, as a person would, and from then on answers every
 * email the system sends it, by delivering its answer to support's mailbox:
 * - auto-responders (an out-of-office or a "we got your mail" robot of a customer): one marks its
 *   answers `Auto-Submitted: auto-replied`, one does not and answers as a mail client would
 *   ("Re: <subject>", In-Reply-To);
 * - second helpdesks that acknowledge every email, our acknowledgements included, each with a new
 *   mail under their own ticket's subject, which quotes ours (`[Ticket #N]`): unmarked without
 *   threading headers, unmarked with a ticket tag shaped like ours (`[Ticket #M]` first), marked
 *   automatic, and unmarked but with In-Reply-To/References.
 * All parties run at once; when the traffic has settled (every processing record final, nothing
 * new for a while, read through the gateway and the SMTP server), each got at most one automatic
 * reply from the system, and each of its mails was filed.
 */
interface Party {
  name: string;
  address: string;
  /** The mail it answers ours with. */
  answer(ours: ReceivedMail, n: number): OutgoingMail;
}

const ourTicketTag = (mail: ReceivedMail) => /\[Ticket #\d+\]/.exec(mail.parsed.subject ?? '')?.[0] ?? '';
/** Another helpdesk's acknowledgement of our email: a new mail (no In-Reply-To, no References) under its own ticket's subject. */
function helpdeskAcknowledgement(address: string, subject: string, ours: ReceivedMail, headers?: Record<string, string>): OutgoingMail {
  const text = `We have opened a case for your request ${ourTicketTag(ours)}. Reply to this email to add information.`;
  return { from: `Other Support <${address}>`, to: supportAddress, subject, text, ...(headers ? { headers } : {}) };
}

// A party that keeps answering stops after this many answers, so that a loop ends and is counted.
const maxAnswers = 6;

const parties: Party[] = [
  {
    name: 'an auto-responder that marks its answers Auto-Submitted',
    address: 'out-of-office@initech.example',
    answer: (ours) => replyTo(ours, { from: `Olga Office <out-of-office@initech.example>`, text: 'I am out of the office until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } }),
  },
  {
    name: 'an auto-responder that answers like a mail client, unmarked',
    address: 'robot@initech.example',
    answer: (ours) => replyTo(ours, { from: `Initech Robot <robot@initech.example>`, text: 'Thank you, your message has reached Initech.' }),
  },
  {
    name: 'a second helpdesk acknowledging with a new mail, unmarked, without threading headers',
    address: 'support@casedesk.example',
    answer: (ours, n) => helpdeskAcknowledgement('support@casedesk.example', `[Case #${1000 + n}] We received your request: ${ours.parsed.subject}`, ours),
  },
  {
    name: 'a second helpdesk whose own ticket tag looks like ours, unmarked, without threading headers',
    address: 'support@samedesk.example',
    answer: (ours, n) => helpdeskAcknowledgement('support@samedesk.example', `[Ticket #${9000 + n}] ${ours.parsed.subject}`, ours),
  },
  {
    name: 'a second helpdesk acknowledging with a new mail marked Auto-Submitted',
    address: 'support@markeddesk.example',
    answer: (ours, n) => helpdeskAcknowledgement('support@markeddesk.example', `[Case #${2000 + n}] We received your request: ${ours.parsed.subject}`, ours, { 'Auto-Submitted': 'auto-replied' }),
  },
  {
    name: 'a second helpdesk acknowledging unmarked, in the thread of our email',
    address: 'support@threaddesk.example',
    answer: (ours, n) => ({
      ...replyTo(ours, { from: 'Threaddesk <support@threaddesk.example>', text: 'We have opened a case for your request.' }),
      subject: `[Case #${3000 + n}] We received your request: ${ours.parsed.subject}`,
    }),
  },
];

describe('mail loops: machines that answer every email get at most one automatic reply', () => {
  let mail: EmailSystem;
  let records: InboundRecord[];
  const sentBy = new Map<string, string[]>(parties.map((party) => [party.address, []]));
  let answering: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let failure: unknown;

  const oursTo = (party: Party) => mail.system.smtp.received.filter((m) => m.to.includes(party.address));

  /** Every party answers every email the system sends it, in the order they arrive, up to maxAnswers. */
  function startAnswering() {
    let seen = 0;
    const answered = new Map<string, number>();
    answering = setInterval(() => {
      const received = mail.system.smtp.received;
      for (; seen < received.length; seen += 1) {
        const ours = received[seen]!;
        for (const party of parties.filter((p) => ours.to.includes(p.address))) {
          const n = (answered.get(party.address) ?? 0) + 1;
          if (n > maxAnswers) continue;
          answered.set(party.address, n);
          inFlight += 1;
          mail
            .deliver(party.answer(ours, n))
            .then((messageId) => sentBy.get(party.address)!.push(messageId))
            .catch((error: unknown) => (failure ??= error))
            .finally(() => (inFlight -= 1));
        }
      }
    }, 100);
  }

  beforeAll(async () => {
    mail = await startEmailSystem();
    // The auto-responders are a customer's; the other helpdesks are nobody's (unassigned).
    await mail.addCustomer('Initech', ['initech.example'], ['out-of-office@initech.example', 'robot@initech.example']);
    startAnswering();
    // Each party writes once, as a person would.
    await Promise.all(
      parties.map(async (party) => {
        const first = await mail.deliver({ from: party.address, to: supportAddress, subject: `Question from ${addressOf(party.address)}`, text: 'Could you help us with our order?' });
        sentBy.get(party.address)!.push(first);
      }),
    );
    const delivered = () => [...sentBy.values()].flat().map((id) => id.toLowerCase());
    records = await mail.settle((all) => inFlight > 0 || delivered().some((id) => !all.some((r) => r.messageId?.toLowerCase() === id)), 4000);
    if (failure) throw failure;
  }, 90_000);
  afterAll(async () => {
    if (answering) clearInterval(answering);
    await mail?.stop();
  });

  it.each(parties.map((party) => [party.name, party] as const))('%s', async (_name, party) => {
    // Each of its mails was fetched and filed: the first opened a ticket, its answers joined that ticket.
    const mine = sentBy.get(party.address)!.map((id) => records.find((r) => r.messageId?.toLowerCase() === id.toLowerCase()));
    expect(mine.map((r) => r?.state)).toEqual(mine.map(() => 'filed'));
    const [first, ...answers] = mine as InboundRecord[];
    expect(first).toMatchObject({ outcome: 'new-ticket', ticket: { id: expect.any(String) } });
    expect(answers.map((r) => [r.outcome, r.ticket?.number])).toEqual(answers.map(() => ['joined-ticket', first!.ticket!.number]));
    // From the system: the acknowledgement of its first mail, and nothing after it.
    const ours = oursTo(party);
    expect(ours.map((m) => m.parsed.subject)).toEqual([`[Ticket #${first!.ticket!.number}] Question from ${party.address}`]);
    expect(ours[0]!.parsed.headers.get('auto-submitted')).toBe('auto-replied');
  });
});
