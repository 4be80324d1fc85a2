/**
 * How the system knows its own mail when it comes back (a mailbox that forwards to another, a
 * distribution list that rewrites the Message-ID): the notifier names the domain of its Message-IDs in
 * this header of every email it sends, and mail-ingest never imports mail that carries it. Both derive
 * the domain from the same setting, MAIL_FROM.
 */
export const loopHeaderName = 'X-Helpdesk-Loop';

/** The domain of the system's Message-IDs: the sender's (MAIL_FROM), lower-cased. */
export function messageIdDomain(sender: string): string {
  const domain = /@([^\s@<>]+)>?\s*$/.exec(sender)?.[1];
  if (!domain) throw new Error(`The sender "${sender}" has no domain for a Message-ID.`);
  return domain.toLowerCase();
}

/** MAIL_FROM's format, shared by the services that read it. */
export const mailFromPattern = '@[^\\s@<>]+>?\\s*$';
export const defaultMailFrom = 'Helpdesk <support@helpdesk.localhost>';
