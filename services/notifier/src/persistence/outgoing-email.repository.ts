import type { Tx } from './client.js';
import type { OutgoingEmail } from './generated/client.js';

export type { OutgoingEmail };

export interface NewOutgoingEmail {
  kind: string;
  toAddress: string;
  subject: string;
  textBody: string;
  causedByEvent: string;
  redactAfterSend?: boolean;
}

const redactedBody = '[removed after sending: it held a single-use link]';

/** Queues an email; the same event never queues the same kind of email to the same address twice. */
export async function queueEmail(tx: Tx, email: NewOutgoingEmail): Promise<void> {
  await tx.outgoingEmail.createMany({ data: [email], skipDuplicates: true });
}

/** Locks the unsent email that is due first and that no other sender holds, for the rest of the transaction. */
export async function claimNextDue(tx: Tx, maxAttempts: number): Promise<OutgoingEmail | undefined> {
  const ids = await tx.$queryRawUnsafe<Array<{ id: string }>>(
    `SELECT id FROM outgoing_emails WHERE sent_at IS NULL AND attempts < $1 AND next_attempt_at <= now()
     ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
    maxAttempts,
  );
  if (ids.length === 0) return undefined;
  return (await tx.outgoingEmail.findUnique({ where: { id: ids[0]!.id } })) ?? undefined;
}

export async function markSent(tx: Tx, email: OutgoingEmail, messageId: string): Promise<void> {
  await tx.outgoingEmail.update({
    where: { id: email.id },
    data: {
      sentAt: new Date(),
      messageId,
      attempts: { increment: 1 },
      lastError: null,
      ...(email.redactAfterSend ? { textBody: redactedBody } : {}),
    },
  });
}

export async function markFailed(tx: Tx, id: string, error: string, retryAt: Date): Promise<void> {
  await tx.outgoingEmail.update({
    where: { id },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 1000), nextAttemptAt: retryAt },
  });
}
