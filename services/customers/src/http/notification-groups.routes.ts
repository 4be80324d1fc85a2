import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import type { CustomersDatabase } from '../persistence/client.js';
import { addNotificationGroupMember } from '../domain/add-notification-group-member.js';
import { createNotificationGroup } from '../domain/create-notification-group.js';
import { deleteNotificationGroup } from '../domain/delete-notification-group.js';
import { removeNotificationGroupMember } from '../domain/remove-notification-group-member.js';
import { updateNotificationGroup } from '../domain/update-notification-group.js';
import { addGroupMemberRoute, changeNotificationGroupRoute, createNotificationGroupRoute, deleteNotificationGroupRoute, removeGroupMemberRoute } from './api-description.js';
import { reachableCustomerId } from './reachable-customer.js';
import { notificationGroupResponse } from './notification-groups.schemas.js';

export function notificationGroupsRoutes(db: CustomersDatabase): Router {
  const router = Router();

  serve(router, createNotificationGroupRoute, async ({ principal: staff, params, body }, _req, res) => {
    const customerId = await reachableCustomerId(db, staff, params.id);
    const group = await createNotificationGroup(db, customerId, body);
    res.status(201).location(`/api/customers/${customerId}/notification-groups/${group.id}`).json(notificationGroupResponse(group));
  });

  serve(router, changeNotificationGroupRoute, async ({ principal: staff, params, body }, _req, res) => {
    const customerId = await reachableCustomerId(db, staff, params.id);
    res.json(notificationGroupResponse(await updateNotificationGroup(db, customerId, params.groupId, body)));
  });

  serve(router, deleteNotificationGroupRoute, async ({ principal: staff, params }, _req, res) => {
    await deleteNotificationGroup(db, await reachableCustomerId(db, staff, params.id), params.groupId);
    res.status(204).end();
  });

  serve(router, addGroupMemberRoute, async ({ principal: staff, params }, _req, res) => {
    await addNotificationGroupMember(db, await reachableCustomerId(db, staff, params.id), params.groupId, { kind: params.kind, id: params.memberId });
    res.status(204).end();
  });

  serve(router, removeGroupMemberRoute, async ({ principal: staff, params }, _req, res) => {
    await removeNotificationGroupMember(db, await reachableCustomerId(db, staff, params.id), params.groupId, { kind: params.kind, id: params.memberId });
    res.status(204).end();
  });

  return router;
}
