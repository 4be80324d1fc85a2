import { Router, type Request } from 'express';
import { permissions, requirePermission, type StaffPrincipal } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { addNotificationGroupMember } from '../domain/add-notification-group-member.js';
import { createNotificationGroup } from '../domain/create-notification-group.js';
import { deleteNotificationGroup } from '../domain/delete-notification-group.js';
import { removeNotificationGroupMember } from '../domain/remove-notification-group-member.js';
import { updateNotificationGroup } from '../domain/update-notification-group.js';
import { parseMemberId, parseNotificationGroupId } from './ids.schemas.js';
import { reachableCustomerId } from './reachable-customer.js';
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
    const customerId = await reachableCustomerId(db, req, requirePermission(req, manage));
    const group = await createNotificationGroup(db, customerId, parseNewNotificationGroup(req.body));
    res.status(201).location(`/api/customers/${customerId}/notification-groups/${group.id}`).json(notificationGroupResponse(group));
  });

  router.patch(`${collection}/:groupId`, async (req, res) => {
    const { customerId, groupId } = await groupPath(db, req, requirePermission(req, manage));
    res.json(notificationGroupResponse(await updateNotificationGroup(db, customerId, groupId, parseNotificationGroupChanges(req.body))));
  });

  router.delete(`${collection}/:groupId`, async (req, res) => {
    const { customerId, groupId } = await groupPath(db, req, requirePermission(req, manage));
    await deleteNotificationGroup(db, customerId, groupId);
    res.status(204).end();
  });

  router.put(member, async (req, res) => {
    const { customerId, groupId } = await groupPath(db, req, requirePermission(req, manage));
    await addNotificationGroupMember(db, customerId, groupId, memberPath(req));
    res.status(204).end();
  });

  router.delete(member, async (req, res) => {
    const { customerId, groupId } = await groupPath(db, req, requirePermission(req, manage));
    await removeNotificationGroupMember(db, customerId, groupId, memberPath(req));
    res.status(204).end();
  });

  return router;
}

async function groupPath(db: CustomersDatabase, req: Request, staff: StaffPrincipal) {
  return { customerId: await reachableCustomerId(db, req, staff), groupId: parseNotificationGroupId(req.params.groupId) };
}

function memberPath(req: Request) {
  return { kind: parseMemberKind(req.params.kind), id: parseMemberId(req.params.memberId) };
}
