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
