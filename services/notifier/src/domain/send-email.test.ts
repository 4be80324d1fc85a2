import type { Mailer, OutgoingMessage } from '../mail/mailer.js';
import { messageIdDomain, newMessageId } from './message-id.js';
import { retryDelayMs, sendEmail } from './send-email.js';

describe('retryDelayMs', () => {
  it('doubles the wait with each failure and stops growing at an hour', () => {
    const policy = { maxAttempts: 10, firstRetryDelayMs: 30_000 };
    expect([1, 2, 3, 4].map((failures) => retryDelayMs(policy, failures))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(retryDelayMs(policy, 20)).toBe(3_600_000);
  });
});

describe('newMessageId', () => {
  it.each([
    ['Helpdesk <support@helpdesk.example>', 'helpdesk.example'],
    ['support@mail.customer.example', 'mail.customer.example'],
  ])('takes the domain of %s', (sender, domain) => {
    expect(newMessageId(sender)).toMatch(new RegExp(`^<[0-9a-f-]{36}@${domain.replace(/\./g, '\\.')}>$`));
  });

  it('lower-cases the domain, which is also what X-Helpdesk-Loop names', () => {
    expect(messageIdDomain('Support <Help@Support.EXAMPLE>')).toBe('support.example');
    expect(newMessageId('Support <Help@Support.EXAMPLE>')).toMatch(/@support\.example>$/);
  });

  it('is new every time', () => {
    expect(newMessageId('a@b.example')).not.toBe(newMessageId('a@b.example'));
  });
});

describe('sendEmail', () => {
  const email = {
    id: 'e1',
    toAddress: 'dana@customer.example',
    subject: 'Hi',
    textBody: 'Body',
    messageId: '<m1@helpdesk.example>',
    attempts: 3,
    inReplyTo: null,
    referenceIds: null,
    replyTo: null,
    htmlBody: null,
    autoSubmitted: 'auto-replied' as const,
  };
  const loopDomain = 'helpdesk.example';
  const policy = { maxAttempts: 10, firstRetryDelayMs: 1000 };
  const accepted = { response: '250 2.0.0 Ok: queued' };
  const mailer = (send: (message: OutgoingMessage) => Promise<unknown>): Mailer => ({ send: async (message) => (await send(message), accepted), longestSendMs: 1000, close: () => undefined });

  it('sends with the Message-ID it was queued with, saying it was written by a machine, and keeps the server answer', async () => {
    const sent: OutgoingMessage[] = [];
    expect(await sendEmail(mailer(async (message) => void sent.push(message)), email, policy, loopDomain)).toEqual({ sent: true, response: '250 2.0.0 Ok: queued' });
    expect(sent).toEqual([
      {
        messageId: '<m1@helpdesk.example>',
        to: 'dana@customer.example',
        subject: 'Hi',
        text: 'Body',
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All', 'X-Helpdesk-Loop': 'helpdesk.example' },
      },
    ]);
  });

  it('sends an answer with the threading it was queued with', async () => {
    const sent: OutgoingMessage[] = [];
    const answer = { ...email, inReplyTo: '<q@customer.example>', referenceIds: '<p@customer.example> <q@customer.example>', replyTo: 'support@acme.example' };
    await sendEmail(mailer(async (message) => void sent.push(message)), answer, policy, loopDomain);
    expect(sent[0]).toMatchObject({ inReplyTo: '<q@customer.example>', references: '<p@customer.example> <q@customer.example>', replyTo: 'support@acme.example' });
  });

  it('sends the HTML alternative and the Auto-Submitted class the email was queued with; none for a person\'s words', async () => {
    const sent: OutgoingMessage[] = [];
    await sendEmail(mailer(async (message) => void sent.push(message)), { ...email, htmlBody: '<p>Body</p>', autoSubmitted: 'auto-generated' }, policy, loopDomain);
    await sendEmail(mailer(async (message) => void sent.push(message)), { ...email, autoSubmitted: null }, policy, loopDomain);
    expect(sent[0]).toMatchObject({ html: '<p>Body</p>', headers: { 'Auto-Submitted': 'auto-generated' } });
    expect(sent[1]!.headers).toEqual({ 'X-Auto-Response-Suppress': 'All', 'X-Helpdesk-Loop': 'helpdesk.example' });
    expect(sent[1]).not.toHaveProperty('html');
  });

  it('turns a refusal into a failed attempt with the back-off of its attempt number', async () => {
    const refusal = Object.assign(new Error('451 mailbox busy'), { response: '451 4.2.1 mailbox busy' });
    const outcome = await sendEmail(mailer(() => Promise.reject(refusal)), email, policy, loopDomain);
    expect(outcome).toEqual({ sent: false, error: 'Error: 451 mailbox busy', retryInMs: 4000, response: '451 4.2.1 mailbox busy' });
  });
});
