import { Text, Type, compileParser } from '@helpdesk/validation';
import type { NotificationGroupWithMembers } from '../persistence/notification-group.repository.js';
import { memberKinds, notificationEvents } from '../domain/notification-group.js';

const fields = {
  name: Text(200),
  description: Type.Union([Text(1000), Type.Null()]),
  notifyOn: Type.Array(Type.Union(notificationEvents.map((e) => Type.Literal(e))), { uniqueItems: true }),
};

export const parseNewNotificationGroup = compileParser(
  Type.Object({ name: fields.name, description: Type.Optional(fields.description), notifyOn: fields.notifyOn }, { additionalProperties: false }),
  'notification group',
);

export const parseNotificationGroupChanges = compileParser(
  Type.Object(
    { name: Type.Optional(fields.name), description: Type.Optional(fields.description), notifyOn: Type.Optional(fields.notifyOn) },
    { additionalProperties: false, minProperties: 1 },
  ),
  'notification group change',
);

export const parseMemberKind = compileParser(Type.Union(memberKinds.map((k) => Type.Literal(k))), 'member kind');

export function notificationGroupResponse(group: NotificationGroupWithMembers) {
  return {
    id: group.id,
    customerId: group.customerId,
    name: group.name,
    description: group.description,
    notifyOn: group.notifyOn,
    members: group.members.map((m) => ({ kind: m.memberKind, id: m.memberId })),
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}
