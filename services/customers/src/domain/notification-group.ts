import { notificationGroupUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { Tx } from '../persistence/client.js';
import {
  findNotificationGroup,
  removeContactFromAllGroups,
  updateNotificationGroup,
  type NotificationGroupWithMembers,
} from '../persistence/notification-group.repository.js';
import { NotificationGroupNotFoundError } from './errors.js';

/** The events of a customer's tickets and contracts that a notification group can be told about. */
export const notificationEvents = [
  'ticket.created',
  'ticket.status_changed',
  'ticket.closed',
  'ticket.public_note_added',
  'contract.threshold_reached',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const memberKinds = ['contact', 'staff'] as const;
export type MemberKind = (typeof memberKinds)[number];

export async function requireNotificationGroup(tx: Tx, customerId: string, id: string): Promise<NotificationGroupWithMembers> {
  const group = await findNotificationGroup(tx, customerId, id);
  if (!group) throw new NotificationGroupNotFoundError(id);
  return group;
}

export function notificationGroupSnapshot(group: NotificationGroupWithMembers): EventData<typeof notificationGroupUpdatedV1> {
  return {
    notificationGroupId: group.id,
    customerId: group.customerId,
    name: group.name,
    description: group.description,
    notifyOn: group.notifyOn,
    members: group.members.map((m) => ({ kind: m.memberKind as MemberKind, id: m.memberId })),
  };
}

/** The group's members changed: counts its version up and records notification_group.updated with its whole state. */
export async function recordMembershipChange(tx: Tx, groupId: string): Promise<void> {
  const group = await updateNotificationGroup(tx, groupId, {});
  await recordEvent(tx, 'customers', notificationGroupUpdatedV1, group, notificationGroupSnapshot(group));
}

/** A contact who leaves the customer (moved or deactivated) is no longer told about its tickets. */
export async function removeFromNotificationGroups(tx: Tx, contact: { id: string }): Promise<void> {
  for (const groupId of await removeContactFromAllGroups(tx, contact.id)) await recordMembershipChange(tx, groupId);
}
