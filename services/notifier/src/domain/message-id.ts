import { randomUUID } from 'node:crypto';

/**
 * The domain of the system's Message-IDs: the sender's (MAIL_FROM), lower-cased. Every email the
 * notifier sends names it in `X-Helpdesk-Loop`, so mail-ingest knows the system's own mail when it
 * comes back and never imports it.
 */
export function messageIdDomain(sender: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(sender)?.[1];
  if (!domain) throw new Error(`The sender "${sender}" has no domain for a Message-ID.`);
  return domain.toLowerCase();
}

/**
 * A new Message-ID on the sender's domain (RFC 5322). It is fixed when the email is queued, so a
 * resend after a crash carries the same one and the recipient's systems can drop the duplicate.
 */
export function newMessageId(sender: string): string {
  return `<${randomUUID()}@${messageIdDomain(sender)}>`;
}
