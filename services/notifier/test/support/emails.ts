import { queryDatabase, type ReceivedMail } from '@helpdesk/testing';

/** Queues `count` emails straight into the notifier's database, one recipient each, as the event handlers would. */
export async function queueTestEmails(databaseUrl: string, count: number): Promise<void> {
  await queryDatabase(
    databaseUrl,
    `INSERT INTO outgoing_emails (id, kind, to_address, subject, text_body, caused_by_event, message_id)
     SELECT gen_random_uuid(), 'ticket_acknowledgement', 'requester-' || i || '@customer.example', '[Ticket #' || i || '] Printer',
            'We have received your request.', gen_random_uuid(), '<' || gen_random_uuid() || '@helpdesk.test>'
     FROM generate_series(1, $1::int) AS i`,
    [count],
  );
}

export interface EmailRow {
  to_address: string;
  message_id: string;
  sent: boolean;
  attempts: number;
  last_error: string | null;
}

export function emailRows(databaseUrl: string): Promise<EmailRow[]> {
  return queryDatabase<EmailRow>(databaseUrl, 'SELECT to_address, message_id, sent_at IS NOT NULL AS sent, attempts, last_error FROM outgoing_emails ORDER BY to_address');
}

/**
 * What the SMTP server received, against the queue: each recipient has one row, so every copy of
 * a row's email shows under which Message-ID it went out.
 */
export function compareDeliveries(rows: EmailRow[], received: ReceivedMail[]) {
  const copiesByRecipient = new Map<string, ReceivedMail[]>();
  for (const mail of received) {
    for (const to of mail.to) copiesByRecipient.set(to, [...(copiesByRecipient.get(to) ?? []), mail]);
  }
  const rowsByMessageId = new Map(rows.map((row) => [row.message_id, row]));
  return {
    unsent: rows.filter((row) => !row.sent).length,
    /** Rows whose email never arrived. */
    lost: rows.filter((row) => !copiesByRecipient.has(row.to_address)).length,
    /**
     * Copies whose Message-ID is not the one queued for their recipient: an email sent under a
     * second Message-ID, or one no row has. When 0, every copy of an email carries the same one.
     */
    strangers: received.filter((mail) => rowsByMessageId.get(mail.parsed.messageId ?? '')?.to_address !== mail.to[0]).length,
    /** Extra copies of an email, beyond the first. */
    duplicates: [...copiesByRecipient.values()].reduce((sum, copies) => sum + copies.length - 1, 0),
    copies: (row: EmailRow) => copiesByRecipient.get(row.to_address)?.length ?? 0,
  };
}
