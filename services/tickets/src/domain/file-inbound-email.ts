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

const subjectReference = /\[ticket\s*#?\s*(\d{1,9})\]/gi;
// A subject quoting more is no reply to one of them: the numbers beyond are not looked up.
const maxSubjectNumbers = 10;

/**
 * The ticket numbers of every `[Ticket #N]` in a subject, in order, each once: in any case, with or
 * without the space and `#` (`[Ticket#N]`, `[ticket #N]`), wherever it stands (behind any
 * Re:/AW:/Fwd:/SV:/Antw: prefixes, or behind another helpdesk's own tag shaped like ours). A number
 * without the brackets is text.
 */
export function subjectTicketNumbers(subject: string): number[] {
  const numbers: number[] = [];
  for (const match of subject.matchAll(subjectReference)) {
    const number = Number(match[1]);
    if (number >= 1 && number <= 2_147_483_647 && !numbers.includes(number)) numbers.push(number);
    if (numbers.length === maxSubjectNumbers) break;
  }
  return numbers;
}

/** The first ticket number of a subject (see subjectTicketNumbers). */
export function subjectTicketNumber(subject: string): number | undefined {
  return subjectTicketNumbers(subject)[0];
}

/** Where to look for the ticket a reply answers, in the order that decides: first match wins. */
export interface ThreadLookup {
  inReplyTo: string[];
  references: string[];
  /** Every `[Ticket #N]` of the subject, in order; which of them counts, subjectTicket decides. */
  subjectNumbers: number[];
}

export function threadLookup(email: { inReplyTo: string | null; references: readonly string[]; subject: string }): ThreadLookup {
  const inReplyTo = messageIdsIn([email.inReplyTo]);
  // The nearest ancestor is last in References: look from the end, so that a thread that moved
  // between tickets follows its latest part.
  const references = messageIdsIn([...email.references]).reverse();
  return { inReplyTo, references, subjectNumbers: subjectTicketNumbers(email.subject) };
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
  /**
   * For a Message-ID match: whether the system issued it or received it; 'referenced' when an email
   * already on the ticket referenced this email's own Message-ID (this email arrived after its reply).
   */
  source?: 'received' | 'issued' | 'referenced';
}

/** A ticket one of whose emails referenced (In-Reply-To, References) a given Message-ID. */
export interface ReferencingTicket {
  ticketId: string;
  customerId: string | null;
}

/**
 * Of the tickets whose emails referenced this email's own Message-ID (it arrived after a reply to
 * it), the one it belongs to: one of the sender's customer if there is one (the oldest), else the
 * oldest; decideReply still checks the customer.
 */
export function referencedBy(tickets: readonly ReferencingTicket[], senderCustomerId: string | null): ReferencingTicket | undefined {
  return tickets.find((t) => t.customerId === senderCustomerId) ?? tickets[0];
}

/**
 * The first match in the threading order: an In-Reply-To id, then any References id (nearest
 * first), each against the Message-IDs the system issued or received for a ticket; then a ticket
 * whose email referenced this email's own Message-ID (`referencing`: the reply was filed first;
 * rule 'references'); then the ticket of the subject's number (`byNumber`: the one subjectTicket chose, if any exists).
 */
export function findThread(
  lookup: ThreadLookup,
  known: readonly KnownMessageId[],
  byNumber: { ticketId: string; number: number } | undefined,
  referencing?: { messageId: string; ticketId: string },
): ThreadMatch | undefined {
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
    (referencing ? { ticketId: referencing.ticketId, rule: 'references', via: referencing.messageId, source: 'referenced' } : undefined) ??
    (byNumber && lookup.subjectNumbers.includes(byNumber.number) ? { ticketId: byNumber.ticketId, rule: 'subject-number', via: `[Ticket #${byNumber.number}]` } : undefined)
  );
}

/** Who sent the email, as far as the customers are concerned. */
export type Sender =
  /** A contact with exactly this address (found, or just added by the domain rule). */
  | { kind: 'contact'; address: string; contactId: string; customerId: string; addedByDomain: boolean }
  /** No contact and no single customer with the domain: the unassigned queue. */
  | {
      kind: 'unassigned';
      address: string;
      /** Why a sender on a customer's domain is unassigned nevertheless (the customers service refused the contact), for the record. */
      note?: string;
    };

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

/** Whether the sender is the ticket's requester or one of its participants. */
function isOnTicket(sender: Sender, ticket: Pick<ThreadTicket, 'requesterEmail' | 'participants'>): boolean {
  const address = sender.address.toLowerCase();
  return address === ticket.requesterEmail.toLowerCase() || ticket.participants.some((p) => p.toLowerCase() === address);
}

/** The customer check of decideReply: whether the sender may join the ticket found by `rule` at all. */
function mayJoin(sender: Sender, rule: FilingRule, ticket: ThreadTicket): boolean {
  const customer = senderCustomer(sender);
  return ticket.customerId === null ? customer === null && (rule !== 'subject-number' || isOnTicket(sender, ticket)) : customer === ticket.customerId;
}

/**
 * Of the tickets a subject's numbers name (`numbers` in subject order, `tickets` those that exist),
 * the one the subject-number rule follows: the first the sender is on (requester or participant),
 * else the first the sender may join, else the first that exists (decideReply then opens a new
 * ticket and says why). So another helpdesk acknowledging our acknowledgement under its own
 * `[Ticket #M]` before our `[Ticket #N]` joins N, instead of opening a ticket whose acknowledgement
 * it would acknowledge again, for ever; and a number it shares with someone else's ticket is passed over.
 */
export function subjectTicket(numbers: readonly number[], tickets: readonly ThreadTicket[], sender: Sender): ThreadTicket | undefined {
  const named = numbers.map((number) => tickets.find((t) => t.number === number)).filter((t): t is ThreadTicket => t !== undefined);
  return named.find((t) => mayJoin(sender, 'subject-number', t) && isOnTicket(sender, t)) ?? named.find((t) => mayJoin(sender, 'subject-number', t)) ?? named[0];
}

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
  const onTicket = isOnTicket(sender, ticket);
  if (!mayJoin(sender, match.rule, ticket)) {
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
  if (match.source === 'referenced') return `An email on ticket #${number} references this email's Message-ID ${match.via} (its reply was filed first)`;
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
