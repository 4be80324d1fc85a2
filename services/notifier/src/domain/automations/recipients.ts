import type { SqlExecutor } from '@helpdesk/db';
import type { NotSentReason, RecipientKind, RecipientSpec } from './automation.js';
import type { TicketFacts } from './ticket-facts.js';
import { loadDirectoryRows } from '../../persistence/recipient-directory.repository.js';

/**
 * The longest address SMTP can carry (RFC 5321 4.5.3.1.3: a path of 256 octets with its angle
 * brackets), and the outgoing_emails column's width. A ticket opened by an email may have a longer
 * requester (ticket.created takes up to 320 characters, as mail-ingest decodes them): nothing can be
 * sent there, and trying would fail the event for good.
 */
export const maxDeliverableAddress = 254;

/** One recipient of an action, resolved: an address, or why there is none. */
export interface ResolvedRecipient {
  kind: RecipientKind;
  groupId?: string;
  address?: string;
  name?: string;
  reason?: NotSentReason;
}

/** An address the recipient directory knows, with the name an email may show. */
export interface DirectoryEntry {
  address: string;
  name?: string;
}

/**
 * Who stands behind the recipients that need the notifier's projections (contacts, staff users,
 * teams, notification groups, the account owner). `null` or an empty list: nobody to email, logged
 * `recipient_unavailable`; `undefined` for a contact: the projection does not know it yet.
 */
export interface RecipientDirectory {
  contact?(ticket: TicketFacts): DirectoryEntry | null | undefined;
  assignee?(ticket: TicketFacts): DirectoryEntry | null | undefined;
  team?(ticket: TicketFacts): DirectoryEntry[] | undefined;
  notificationGroup?(ticket: TicketFacts, groupId: string): DirectoryEntry[] | undefined;
  accountOwner?(): DirectoryEntry | null | undefined;
}

/** The recipient kinds resolved from the event and the ticket alone, with no projection. */
export const selfContainedRecipients: readonly RecipientKind[] = ['requester', 'contact'];

/**
 * Loads, in one statement for the whole group, what the directory needs to resolve `requests` from the
 * projections (notifier_contacts, notifier_staff_users, the teams' members, notifier_notification_groups,
 * the account-owner setting). Called only when a matched automation names such a recipient. A contact the
 * projection does not know yet (its contact.added may still be on the way) is `undefined`: the requester's
 * address stands in; a known contact who may not be emailed is `null`.
 */
export async function loadRecipientDirectory(sql: SqlExecutor, requests: Array<{ ticket: TicketFacts; spec: RecipientSpec }>): Promise<RecipientDirectory> {
  const wanted = (kind: RecipientKind, idOf: (request: { ticket: TicketFacts; spec: RecipientSpec }) => string | null | undefined) => [
    ...new Set(requests.filter((request) => request.spec.kind === kind).flatMap((request) => idOf(request) ?? [])),
  ];
  const rows = await loadDirectoryRows(sql, {
    contactIds: wanted('contact', ({ ticket }) => ticket.contactId),
    staffIds: wanted('assignee', ({ ticket }) => ticket.assigneeId),
    teamIds: wanted('team', ({ ticket }) => ticket.teamId),
    groupIds: wanted('notification_group', ({ spec }) => spec.groupId),
    accountOwner: requests.some((request) => request.spec.kind === 'account_owner'),
  });
  const contacts = new Map(rows.contacts.map((row) => [row.id, row]));
  const staff = new Map(rows.staff.map((row) => [row.id, row]));
  return {
    contact(ticket) {
      const row = ticket.contactId ? contacts.get(ticket.contactId) : undefined;
      if (!row) return undefined;
      return row.active && row.address ? entryOf(row) : null;
    },
    assignee: (ticket) => {
      const row = ticket.assigneeId ? staff.get(ticket.assigneeId) : undefined;
      return row?.active ? entryOf(row) : null;
    },
    team: (ticket) => rows.teamMembers.filter((row) => row.teamId === ticket.teamId).map(entryOf),
    // A group is the customer's: it never hears of another customer's tickets.
    notificationGroup: (ticket, groupId) => rows.groupMembers.filter((row) => row.groupId === groupId && row.customerId === ticket.customerId).map(entryOf),
    accountOwner: () => (rows.accountOwner ? entryOf({ address: rows.accountOwner.email, name: rows.accountOwner.name }) : null),
  };
}

/** A directory row as a recipient: its address, and its name when it has one. */
export function entryOf(row: { address: string; name: string | null }): DirectoryEntry {
  return { address: row.address, ...(row.name ? { name: row.name } : {}) };
}

/** Whether resolving `spec` needs the directory (a read): the hot path's A02 does not. */
export function needsDirectory(spec: RecipientSpec): boolean {
  return !selfContainedRecipients.includes(spec.kind);
}

function entry(kind: RecipientKind, found: DirectoryEntry | null | undefined, missing: NotSentReason = 'recipient_unavailable'): ResolvedRecipient[] {
  return found ? [{ kind, address: found.address, name: found.name }] : [{ kind, reason: missing }];
}

/**
 * The addresses of an action's recipients, each once (case-insensitively, the first kind that named it
 * wins), or why a recipient has none. Addresses longer than SMTP carries are refused here.
 */
export function resolveRecipients(specs: RecipientSpec[], ticket: TicketFacts, directory: RecipientDirectory): ResolvedRecipient[] {
  const resolved: ResolvedRecipient[] = [];
  for (const spec of specs) {
    switch (spec.kind) {
      case 'requester':
        resolved.push(...entry('requester', ticket.requesterEmail ? { address: ticket.requesterEmail } : null));
        break;
      case 'contact': {
        if (!ticket.contactId) {
          resolved.push({ kind: 'contact', reason: 'recipient_unavailable' });
          break;
        }
        const known = directory.contact?.(ticket);
        // Without the contacts projection: a ticket's requester is its contact's address unless an agent typed another
        // (tickets' create-ticket.ts), and no event carries the contact's own address.
        const fallback = known === undefined && ticket.requesterEmail ? { address: ticket.requesterEmail } : known;
        resolved.push(...entry('contact', fallback));
        break;
      }
      case 'assignee':
        resolved.push(...entry('assignee', ticket.assigneeId ? directory.assignee?.(ticket) : null));
        break;
      case 'team': {
        const members = ticket.teamId ? directory.team?.(ticket) : [];
        if (members === undefined || members.length === 0) resolved.push({ kind: 'team', reason: 'recipient_unavailable' });
        else resolved.push(...members.map((member) => ({ kind: 'team' as const, address: member.address, name: member.name })));
        break;
      }
      case 'notification_group': {
        const members = directory.notificationGroup?.(ticket, spec.groupId!);
        if (members === undefined || members.length === 0) resolved.push({ kind: 'notification_group', groupId: spec.groupId, reason: 'recipient_unavailable' });
        else resolved.push(...members.map((member) => ({ kind: 'notification_group' as const, groupId: spec.groupId, address: member.address, name: member.name })));
        break;
      }
      case 'account_owner':
        resolved.push(...entry('account_owner', directory.accountOwner?.()));
        break;
    }
  }
  return onceEach(resolved);
}

/** Each address once (case-insensitively, the first that named it wins); an address longer than SMTP carries is undeliverable. */
export function onceEach(resolved: ResolvedRecipient[]): ResolvedRecipient[] {
  const seen = new Set<string>();
  return resolved.flatMap((recipient) => {
    if (!recipient.address) return [recipient];
    const key = recipient.address.toLowerCase();
    if (seen.has(key)) return [];
    seen.add(key);
    return recipient.address.length > maxDeliverableAddress ? [{ ...recipient, reason: 'address_undeliverable' as const }] : [recipient];
  });
}
