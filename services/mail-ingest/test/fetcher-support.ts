import { randomUUID } from 'node:crypto';

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

