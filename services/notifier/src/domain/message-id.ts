import { randomUUID } from 'node:crypto';
import { messageIdDomain } from '@helpdesk/contracts-schema';

export { messageIdDomain };

/**
 * A new Message-ID on the sender's domain (RFC 5322). It is fixed when the email is queued, so a
 * resend after a crash carries the same one and the recipient's systems can drop the duplicate.
 */
export function newMessageId(sender: string): string {
  return `<${randomUUID()}@${messageIdDomain(sender)}>`;
}

/**
 * A Message-ID as the notifier writes it: its domain in lower case (`messageIdDomain`), the part
 * before the @ as it is. A relay or MTA that quotes it with the domain in another case still names
 * the same email.
 */
export function normaliseMessageId(id: string): string {
  const trimmed = id.trim();
  const match = /^<(.+)@([^@<>]+)>$/.exec(trimmed);
  return match ? `<${match[1]}@${match[2]!.toLowerCase()}>` : trimmed;
}
