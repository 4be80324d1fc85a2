/**
 * Notification groups (seed 004, issue 12 item 6): a customer's group names the events of the
 * customer's tickets (and contracts) that email its members. Pure: the caller loads the groups and
 * members (loadGroupContext, one statement) and turns the recipients into emails (template
 * `group-<event>`, kind `group:<groupId>`, auto-generated).
 */

/** The names a group's settings use (services/customers/src/domain/notification-group.ts, notificationEvents). */
export const groupEventNames = ['ticket.created', 'ticket.status_changed', 'ticket.closed', 'ticket.public_note_added', 'contract.threshold_reached'] as const;
export type GroupEventName = (typeof groupEventNames)[number];

export interface GroupMemberRef {
  kind: 'contact' | 'staff';
  id: string;
}

/** A live group of the projection. */
export interface NotificationGroup {
  id: string;
  customerId: string;
  name: string;
  notifyOn: readonly string[];
  members: readonly GroupMemberRef[];
}

/** A contact who can be emailed: active, with an address, of the customer it is listed for. */
export interface GroupContact {
  id: string;
  customerId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}

/** An active staff user. */
export interface GroupStaffUser {
  id: string;
  email: string;
  name: string;
}

/** What loadGroupContext reads: members absent from `contacts` / `staff` are not emailed (inactive, moved, unknown). */
export interface GroupContext {
  groups: NotificationGroup[];
  contacts: GroupContact[];
  staff: GroupStaffUser[];
}

/** The part of a consumed event the fan-out looks at. */
export interface GroupEvent {
  /** The event type: ticket.created, ticket.status_changed, ticket.closed, ticket.note_added, contract.threshold_reached. */
  type: string;
  customerId: string | null;
  /** ticket.note_added: only a public note is a group event. */
  visibility?: 'public' | 'internal';
  /** ticket.status_changed: its new status (a close also emits ticket.closed). */
  to?: string;
  /** Who caused it: a member is not emailed about their own doing. */
  actor?: { kind: string; id: string };
}

export interface GroupRecipient {
  groupId: string;
  /** Lower case; each address once per event. */
  address: string;
  /** The member's display name, or null when none is known. */
  name: string | null;
  event: GroupEventName;
}

/** The group event an event is, if any. */
export function groupEventOf(event: Pick<GroupEvent, 'type' | 'visibility'>): GroupEventName | undefined {
  if (event.type === 'ticket.note_added') return event.visibility === 'public' ? 'ticket.public_note_added' : undefined;
  return (groupEventNames as readonly string[]).includes(event.type) && event.type !== 'ticket.public_note_added' ? (event.type as GroupEventName) : undefined;
}

interface Member {
  address: string;
  name: string | null;
}

/**
 * Who the customer's groups email about the event: the active members of every live group of the
 * event's customer whose settings name it; an address once (the first group by name, then id,
 * names it), compared without case. A close emits ticket.status_changed and ticket.closed at one
 * version: a member whose groups take ticket.closed gets only that one. The member who caused the
 * event is not emailed about it.
 */
export function groupRecipients(event: GroupEvent, groups: readonly NotificationGroup[], contacts: readonly GroupContact[], staff: readonly GroupStaffUser[]): GroupRecipient[] {
  const name = groupEventOf(event);
  if (!name || !event.customerId) return [];
  const customerGroups = groups.filter((group) => group.customerId === event.customerId);
  const contactsById = new Map(contacts.map((contact) => [contact.id, contact]));
  const staffById = new Map(staff.map((user) => [user.id, user]));
  const memberOf = (group: NotificationGroup, ref: GroupMemberRef): Member | undefined => {
    if (event.actor && event.actor.kind === ref.kind && event.actor.id === ref.id) return undefined;
    if (ref.kind === 'contact') {
      const contact = contactsById.get(ref.id);
      if (!contact || contact.customerId !== group.customerId || !contact.email) return undefined;
      return { address: contact.email.toLowerCase(), name: [contact.firstName, contact.lastName].filter(Boolean).join(' ') || null };
    }
    const user = staffById.get(ref.id);
    return user?.email ? { address: user.email.toLowerCase(), name: user.name || null } : undefined;
  };
  // A status change to closed: those who will get ticket.closed are left out of this one.
  const closedTakers = new Set<string>();
  if (name === 'ticket.status_changed' && event.to === 'closed') {
    for (const group of customerGroups.filter((g) => g.notifyOn.includes('ticket.closed'))) {
      for (const ref of group.members) {
        const member = memberOf(group, ref);
        if (member) closedTakers.add(member.address);
      }
    }
  }
  const seen = new Set<string>();
  const recipients: GroupRecipient[] = [];
  for (const group of [...customerGroups].sort(byNameThenId)) {
    if (!group.notifyOn.includes(name)) continue;
    for (const ref of group.members) {
      const member = memberOf(group, ref);
      if (!member || seen.has(member.address) || closedTakers.has(member.address)) continue;
      seen.add(member.address);
      recipients.push({ groupId: group.id, address: member.address, name: member.name, event: name });
    }
  }
  return recipients;
}

function byNameThenId(a: NotificationGroup, b: NotificationGroup): number {
  return a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
