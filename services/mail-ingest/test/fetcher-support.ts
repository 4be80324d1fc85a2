import { randomUUID } from 'node:crypto';
import type { TestDovecot } from '@helpdesk/testing';
import { administrator, type MailIngestTestService } from './helpers';

/** The fetcher with short intervals, so that the tests wait little (the processor too unless a test turns it off). */
export const fetcherEnv = {
  MAIL_FETCHER_ENABLED: 'true',
  IMAP_SWEEP_INTERVAL_MS: '600',
  MAIL_LEASE_MS: '1500',
  MAIL_ACCOUNTS_REFRESH_MS: '200',
  IMAP_RECONNECT_MAX_MS: '1000',
  PROCESSOR_POLL_MS: '100',
};

/** A tickets-from-email account on the test Dovecot for the mailbox user, through the API; its id. */
export async function createAccount(on: MailIngestTestService, dovecot: TestDovecot, user: { user: string; password: string }, extra: Record<string, unknown> = {}): Promise<string> {
  const response = await on.call('POST', '/api/email-accounts', {
    as: administrator(),
    body: { name: `Support ${user.user}`, address: user.user, host: dovecot.host, port: dovecot.port, tlsMode: 'none', user: user.user, password: user.password, ...extra },
  });
  if (response.status !== 201) throw new Error(`creating the account of ${user.user}: ${response.status} ${response.text}`);
  return response.body.id as string;
}

/** A customer's mail as it sits in the mailbox; a fresh Message-ID each time unless `messageId: false`. */
export function mail(n: number | string, options: { messageId?: boolean; to?: string } = {}): Buffer {
  return Buffer.from(
    [
      `Received: from mx1.helpdesk.example by imap.helpdesk.example; Tue, 01 Dec 2026 09:00:00 +0000`,
      'From: Anna Berg <anna.berg@acme.example>',
      `To: ${options.to ?? 'support@helpdesk.example'}`,
      `Subject: Printer ${n} is offline`,
      ...(options.messageId === false ? [] : [`Message-ID: <printer-${n}-${randomUUID()}@mail.acme.example>`]),
      'Date: Tue, 01 Dec 2026 09:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      `The printer ${n} shows "Offline" since this morning. Grüße, Anna`,
      '',
    ].join('\r\n'),
    'utf8',
  );
}

