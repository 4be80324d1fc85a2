import { Router, type Request } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { addNotificationGroupMember } from '../domain/add-notification-group-member.js';
import { createNotificationGroup } from '../domain/create-notification-group.js';
import { deleteNotificationGroup } from '../domain/delete-notification-group.js';
import { removeNotificationGroupMember } from '../domain/remove-notification-group-member.js';
import { updateNotificationGroup } from '../domain/update-notification-group.js';
import { parseCustomerId, parseMemberId, parseNotificationGroupId } from './ids.schemas.js';
import {
  notificationGroupResponse,
  parseMemberKind,
  parseNewNotificationGroup,
  parseNotificationGroupChanges,
} from './notification-groups.schemas.js';

const collection = '/api/customers/:id/notification-groups';
const member = `${collection}/:groupId/members/:kind/:memberId`;

export function notificationGroupsRoutes(db: CustomersDatabase): Router {
  const router = Router();
  const manage = permissions.manageCustomers.name;

  router.post(collection, async (req, res) => {
    requirePermission(req, manage);
    const customerId = parseCustomerId(req.params.id);
    const group = await createNotificationGroup(db, customerId, parseNewNotificationGroup(req.body));
    res.status(201).location(`/api/customers/${customerId}/notification-groups/${group.id}`).json(notificationGroupResponse(group));
  });

  router.patch(`${collection}/:groupId`, async (req, res) => {
    requirePermission(req, manage);
    const { customerId, groupId } = groupPath(req);
    res.json(notificationGroupResponse(await updateNotificationGroup(db, customerId, groupId, parseNotificationGroupChanges(req.body))));
  });

  router.delete(`${collection}/:groupId`, async (req, res) => {
    requirePermission(req, manage);
    const { customerId, groupId } = groupPath(req);
    await deleteNotificationGroup(db, customerId, groupId);
    res.status(204).end();
  });

  router.put(member, async (req, res) => {
    requirePermission(req, manage);
    const { customerId, groupId } = groupPath(req);
    await addNotificationGroupMember(db, customerId, groupId, memberPath(req));
    res.status(204).end();
  });

  router.delete(member, async (req, res) => {
    requirePermission(req, manage);
    const { customerId, groupId } = groupPath(req);
    await removeNotificationGroupMember(db, customerId, groupId, memberPath(req));
    res.status(204).end();
  });

  return router;
}

function groupPath(req: Request) {
  return { customerId: parseCustomerId(req.params.id), groupId: parseNotificationGroupId(req.params.groupId) };
}

function memberPath(req: Request) {
  return { kind: parseMemberKind(req.params.kind), id: parseMemberId(req.params.memberId) };
}
