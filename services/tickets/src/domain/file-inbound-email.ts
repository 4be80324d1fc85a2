/**
 * The rules by which an inbound email becomes a ticket or a note (issue 11 §6; decided in
 * services/mail-ingest/test/corpus/README.md, "Proposed rules", now the rules). Pure: the database
 * answers the questions (which ticket has this Message-ID, which contact has this address), these
 * functions decide. file-email.ts runs them in one transaction.
 */

export type FilingRule = 'in-reply-to' | 'references' | 'subject-number';
export type FilingOutcome = 'new-ticket' | 'joined-ticket' | 'duplicate' | 'own-mail';

/**
 * A Message-ID as kept and compared: trimmed, in angle brackets, the domain (right of the last @) in
 * lower case; the local part keeps its case (RFC 5322 does not fold it, and mail systems keep it).
 * Undefined for something that is no Message-ID.
 */
export function normaliseMessageId(raw: string): string | undefined {
  const inner = raw.trim().replace(/^<+/, '').replace(/>+$/, '').trim();
  if (inner === '' || /[\s<>]/.test(inner)) return undefined;
  const at = inner.lastIndexOf('@');
  const id = at < 0 ? inner : `${inner.slice(0, at)}@${inner.slice(at + 1).toLowerCase()}`;
  const value = `<${id}>`;
  return value.length > 1000 ? undefined : value;
}

/** Every Message-ID in a header value (`<a@x> <b@y>`, or one without brackets), normalised, in order, without repeats. */
export function messageIdsIn(values: ReadonlyArray<string | null | undefined>): string[] {
  const ids: string[] = [];
  for (const value of values) {
    if (!value) continue;
    const bracketed = value.match(/<[^<>\s]+>/g);
    for (const raw of bracketed ?? [value]) {
      const id = normaliseMessageId(raw);
      if (id && !ids.includes(id)) ids.push(id);
    }
  }
  return ids;
}

/**
 * The ticket number of `[Ticket #N]` in a subject, in any case, with or without the space and `#`
 * (`[Ticket#N]`, `[ticket #N]`), wherever it stands (behind any Re:/AW:/Fwd:/SV:/Antw: prefixes). A
 * number without the brackets is text. The first such reference counts.
 */
export function subjectTicketNumber(subject: string): number | undefined {
  const match = /\[ticket\s*#?\s*(\d{1,9})\]/i.exec(subject);
  if (!match) return undefined;
  const number = Number(match[1]);
  return number >= 1 && number <= 2_147_483_647 ? number : undefined;
}

/** Where to look for the ticket a reply answers, in the order that decides: first match wins. */
export interface ThreadLookup {
  inReplyTo: string[];
  references: string[];
  subjectNumber: number | undefined;
}

export function threadLookup(email: { inReplyTo: string | null; references: readonly string[]; subject: string }): ThreadLookup {
  const inReplyTo = messageIdsIn([email.inReplyTo]);
  // The nearest ancestor is last in References: look from the end, so that a thread that moved
  // between tickets follows its latest part.
  const references = messageIdsIn([...email.references]).reverse();
  return { inReplyTo, references, subjectNumber: subjectTicketNumber(email.subject) };
}

/** A ticket a Message-ID is known on, as ticket_message_ids says. */
export interface KnownMessageId {
  messageId: string;
  ticketId: string;
  source: 'received' | 'issued';
}

export interface ThreadMatch {
  ticketId: string;
  rule: FilingRule;
  /** The Message-ID or the subject's reference that matched, for the record's detail. */
  via: string;
  /** For a Message-ID match: whether the system issued it or received it. */
  source?: 'received' | 'issued';
}

/**
 * The first match in the threading order: an In-Reply-To id, then any References id (nearest
 * first), each against the Message-IDs the system issued or received for a ticket; then the
 * ticket number of the subject (`byNumber`: that ticket's id, if it exists).
 */
export function findThread(lookup: ThreadLookup, known: readonly KnownMessageId[], byNumber: string | undefined): ThreadMatch | undefined {
  const find = (ids: string[], rule: FilingRule): ThreadMatch | undefined => {
    for (const id of ids) {
      const hit = known.find((k) => k.messageId === id);
      if (hit) return { ticketId: hit.ticketId, rule, via: id, source: hit.source };
    }
    return undefined;
  };
  return (
    find(lookup.inReplyTo, 'in-reply-to') ??
    find(lookup.references, 'references') ??
    (byNumber && lookup.subjectNumber !== undefined ? { ticketId: byNumber, rule: 'subject-number', via: `[Ticket #${lookup.subjectNumber}]` } : undefined)
  );
}

/** Who sent the email, as far as the customers are concerned. */
export type Sender =
  /** A contact with exactly this address (found, or just added by the domain rule). */
  | { kind: 'contact'; address: string; contactId: string; customerId: string; addedByDomain: boolean }
  /** No contact and no single customer with the domain: the unassigned queue. */
  | { kind: 'unassigned'; address: string };

export function senderCustomer(sender: Sender): string | null {
  return sender.kind === 'contact' ? sender.customerId : null;
}

/**
 * The sender-to-customer rule: the contact with exactly this address decides, whatever its domain;
 * otherwise exactly one customer listing the domain (exact, no subdomains) makes a new contact there;
 * otherwise unassigned. Here: which customer the domain rule picks, from the customers that list it.
 */
export function customerByDomain(customersWithDomain: readonly string[]): string | undefined {
  const distinct = [...new Set(customersWithDomain)];
  return distinct.length === 1 ? distinct[0] : undefined;
}

/** The domain of an address, lower case; '' when it has none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).trim().toLowerCase().replace(/\.$/, '');
}

/** The ticket a reply found, as the decision needs it. */
export interface ThreadTicket {
  id: string;
  number: number;
  customerId: string | null;
  status: string;
  closedAt: Date | null;
  requesterEmail: string;
  participants: readonly string[];
}

export type FilingDecision =
  | { kind: 'join'; reopen: boolean; addParticipant: boolean; detail: string }
  | { kind: 'new'; linkedTicketId: string | null; detail: string };

const dayMs = 24 * 60 * 60 * 1000;

/**
 * What a reply that found `ticket` by `match` becomes. It joins only when the sender's customer is
 * the ticket's (a number or Message-ID of another customer's ticket opens a new ticket for the
 * sender's own customer, and the other ticket is untouched). A ticket without a customer (the
 * unassigned queue) is joined through its Message-IDs, which only those in the thread have, or by
 * its requester or a participant quoting its number; anyone else quoting the number opens a new one.
 * A closed ticket is reopened when it was closed at most `reopenWithinDays` days ago; after that the
 * reply opens a new ticket linked to it, which stays closed. The sender becomes a participant when
 * they are neither the requester nor one already.
 */
export function decideReply(sender: Sender, match: ThreadMatch, ticket: ThreadTicket, now: Date, reopenWithinDays: number): FilingDecision {
  const how = describeMatch(match, ticket.number);
  const address = sender.address.toLowerCase();
  const onTicket = address === ticket.requesterEmail.toLowerCase() || ticket.participants.some((p) => p.toLowerCase() === address);
  const customer = senderCustomer(sender);
  const sameCustomer = ticket.customerId === null ? customer === null && (match.rule !== 'subject-number' || onTicket) : customer === ticket.customerId;
  if (!sameCustomer) {
    return { kind: 'new', linkedTicketId: null, detail: `${how}, but ${sender.address} is not of that ticket's customer: opened a new ticket instead.` };
  }
  if (ticket.status === 'closed') {
    const closedAt = ticket.closedAt ?? new Date(0);
    if (now.getTime() - closedAt.getTime() > reopenWithinDays * dayMs) {
      return {
        kind: 'new',
        linkedTicketId: ticket.id,
        detail: `${how}, closed more than ${reopenWithinDays} days ago: opened a new ticket linked to #${ticket.number}.`,
      };
    }
    return { kind: 'join', reopen: true, addParticipant: !onTicket, detail: `${how}; the closed ticket was reopened.` };
  }
  return { kind: 'join', reopen: false, addParticipant: !onTicket, detail: `${how}.` };
}

function describeMatch(match: ThreadMatch, number: number): string {
  const whose = match.source === 'issued' ? 'an email the system sent for' : match.source === 'received' ? 'an email received on' : '';
  switch (match.rule) {
    case 'in-reply-to':
      return `In-Reply-To ${match.via} is ${whose} ticket #${number}`;
    case 'references':
      return `References ${match.via} is ${whose} ticket #${number}`;
    case 'subject-number':
      return `The subject names ticket #${number} (${match.via})`;
  }
}

/**
 * The addresses in To and Cc of a new ticket's email that may become its participants: each once,
 * lower case, not the sender, not one of the system's own mailboxes. Which of them are contacts of
 * the ticket's customer the database answers; only those become participants.
 */
export function copiedAddresses(email: { from: { address: string }; to: ReadonlyArray<{ address: string }>; cc: ReadonlyArray<{ address: string }> }, ownMailboxes: readonly string[]): string[] {
  const sender = email.from.address.toLowerCase();
  const own = new Set(ownMailboxes.map((m) => m.toLowerCase()));
  const seen: string[] = [];
  for (const { address } of [...email.to, ...email.cc]) {
    const lower = address.trim().toLowerCase();
    if (lower && lower !== sender && !own.has(lower) && !seen.includes(lower)) seen.push(lower);
  }
  return seen;
}

export const subjectMax = 250;

/** A new ticket keeps the subject as sent (prefixes and quoted numbers included), cut to the column; none: "(no subject)". */
export function ticketSubject(subject: string): string {
  const trimmed = subject.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (trimmed === '') return '(no subject)';
  return [...trimmed].length > subjectMax ? [...trimmed].slice(0, subjectMax - 1).join('') + '…' : trimmed;
}

/** A note's text and the events' body are never blank (ticket.note_added requires one). */
export function noteText(text: string, attachments: number): string {
  if (text.trim() !== '') return text;
  return attachments > 0 ? '(no text; see the attachments)' : '(no text)';
}

export const ticketPrioritiesFromEmail = ['low', 'normal', 'high', 'urgent'] as const;

/** The account's default priority, if it is one tickets know; normal otherwise. */
export function priorityOf(defaultPriority: string): (typeof ticketPrioritiesFromEmail)[number] {
  return (ticketPrioritiesFromEmail as readonly string[]).includes(defaultPriority) ? (defaultPriority as (typeof ticketPrioritiesFromEmail)[number]) : 'normal';
}
