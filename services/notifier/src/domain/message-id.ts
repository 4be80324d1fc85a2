import { randomUUID } from 'node:crypto';

/**
 * A new Message-ID on the sender's domain (RFC 5322). It is fixed when the email is queued, so a
 * resend after a crash carries the same one and the recipient's systems can drop the duplicate.
 */
export function newMessageId(sender: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(sender)?.[1];
  if (!domain) throw new Error(`The sender "${sender}" has no domain for a Message-ID.`);
  return `<${randomUUID()}@${domain}>`;
}
