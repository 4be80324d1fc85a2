import type { Tx } from './client.js';
import type { NotificationGroup, NotificationGroupMember } from './generated/client.js';

export type NotificationGroupWithMembers = NotificationGroup & { members: NotificationGroupMember[] };

export interface NotificationGroupFields {
  name: string;
  description: string | null;
  notifyOn: string[];
}

export interface Member {
  kind: string;
  id: string;
}

const withMembers = { members: { orderBy: [{ memberKind: 'asc' as const }, { memberId: 'asc' as const }] } };

export function insertNotificationGroup(tx: Tx, customerId: string, fields: NotificationGroupFields): Promise<NotificationGroupWithMembers> {
  return tx.notificationGroup.create({ data: { customerId, ...fields }, include: withMembers });
}

export function findNotificationGroup(tx: Tx, customerId: string, id: string): Promise<NotificationGroupWithMembers | null> {
  return tx.notificationGroup.findFirst({ where: { id, customerId }, include: withMembers });
}

export function listNotificationGroups(tx: Tx, customerId: string): Promise<NotificationGroupWithMembers[]> {
  return tx.notificationGroup.findMany({ where: { customerId }, include: withMembers, orderBy: [{ name: 'asc' }, { id: 'asc' }] });
}

/** Counts the version up in the same statement; with no changes, only that (its members changed). */
export function updateNotificationGroup(tx: Tx, id: string, changes: Partial<NotificationGroupFields>): Promise<NotificationGroupWithMembers> {
  return tx.notificationGroup.update({ where: { id }, data: { ...changes, version: { increment: 1 } }, include: withMembers });
}

/** Deletes the group; its memberships go with it (ON DELETE CASCADE). Returns it as it was deleted (its last version). */
export function deleteNotificationGroup(tx: Tx, id: string): Promise<NotificationGroup> {
  return tx.notificationGroup.delete({ where: { id } });
}

/** Returns false when the member was already in the group. */
export async function addMember(tx: Tx, groupId: string, member: Member): Promise<boolean> {
  const { count } = await tx.notificationGroupMember.createMany({
    data: [{ groupId, memberKind: member.kind, memberId: member.id }],
    skipDuplicates: true,
  });
  return count > 0;
}

/** Returns false when the member was not in the group. */
export async function removeMember(tx: Tx, groupId: string, member: Member): Promise<boolean> {
  const { count } = await tx.notificationGroupMember.deleteMany({ where: { groupId, memberKind: member.kind, memberId: member.id } });
  return count > 0;
}

/** Takes a contact out of every group it is in; returns the ids of those groups. */
export async function removeContactFromAllGroups(tx: Tx, contactId: string): Promise<string[]> {
  const where = { memberKind: 'contact', memberId: contactId };
  const memberships = await tx.notificationGroupMember.findMany({ where, select: { groupId: true } });
  await tx.notificationGroupMember.deleteMany({ where });
  return memberships.map((m) => m.groupId);
}
