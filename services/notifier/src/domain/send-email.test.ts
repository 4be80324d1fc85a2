import type { Mailer, OutgoingMessage } from '../mail/mailer.js';
import { messageIdDomain, newMessageId } from './message-id.js';
import { retryDelayMs, sendEmail, systemMailHeaders } from './send-email.js';

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
  const email = { id: 'e1', toAddress: 'dana@customer.example', subject: 'Hi', textBody: 'Body', messageId: '<m1@helpdesk.example>', attempts: 3, inReplyTo: null, referenceIds: null, replyTo: null };
  const headers = systemMailHeaders('helpdesk.example');
  const policy = { maxAttempts: 10, firstRetryDelayMs: 1000 };
  const mailer = (send: (message: OutgoingMessage) => Promise<void>): Mailer => ({ send, longestSendMs: 1000, close: () => undefined });

  it('sends with the Message-ID it was queued with, saying it was written by a machine', async () => {
    const sent: OutgoingMessage[] = [];
    expect(await sendEmail(mailer(async (message) => void sent.push(message)), email, policy, headers)).toEqual({ sent: true });
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
    await sendEmail(mailer(async (message) => void sent.push(message)), answer, policy, headers);
    expect(sent[0]).toMatchObject({ inReplyTo: '<q@customer.example>', references: '<p@customer.example> <q@customer.example>', replyTo: 'support@acme.example' });
  });

  it('turns a refusal into a failed attempt with the back-off of its attempt number', async () => {
    const outcome = await sendEmail(mailer(() => Promise.reject(new Error('451 mailbox busy'))), email, policy, headers);
    expect(outcome).toEqual({ sent: false, error: 'Error: 451 mailbox busy', retryInMs: 4000 });
  });
});
