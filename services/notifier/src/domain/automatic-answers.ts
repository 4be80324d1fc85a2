/** What an event says about the email it came from, if any (ticket.created and ticket.note_added carry it). */
export interface EmailCause {
  channel?: string;
  sourceEmail?: {
    mailbox: string;
    messageId: string | null;
    references: string[];
    automatic: boolean;
  };
}

/**
 * Issue 11 §7: nothing the system writes by itself ever answers automatic mail (auto-replies,
 * mailing lists, bulk), or two machines would answer each other for ever. Every email the notifier
 * decides to send because of an event (the acknowledgement now, automations later) asks this first.
 */
export function mayAnswerAutomatically(cause: EmailCause): boolean {
  return cause.sourceEmail?.automatic !== true;
}

/** The headers that put an answer in the thread of the email it answers. */
export interface Threading {
  inReplyTo: string | null;
  /** Oldest first, the answered email's own Message-ID last. */
  references: string[];
  /** The mailbox the email was sent to: replies to the answer go back there. */
  replyTo: string | null;
}

/**
 * An answer to an email (a ticket opened from it): In-Reply-To its Message-ID, References its
 * References and its Message-ID, Reply-To the mailbox it reached. An email without a Message-ID gets
 * no In-Reply-To, and its References are kept as they are. No email at all: no threading.
 */
export function threadingOf(cause: EmailCause): Threading | undefined {
  const source = cause.sourceEmail;
  if (cause.channel !== 'email' || !source) return undefined;
  const references = source.messageId === null ? [...source.references] : [...source.references.filter((id) => id !== source.messageId), source.messageId];
  return { inReplyTo: source.messageId, references, replyTo: source.mailbox };
}
