import { Router } from 'express';
import { permissions } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { addContact } from '../domain/add-contact.js';
import { customerAccessOfStaff, ensureReachableCustomer } from '../domain/customer-access.js';
import { deactivateContact } from '../domain/deactivate-contact.js';
import { disablePortalLogin } from '../domain/disable-portal-login.js';
import { enablePortalLogin } from '../domain/enable-portal-login.js';
import { getContact } from '../domain/get-contact.js';
import { moveContact } from '../domain/move-contact.js';
import { updateContact } from '../domain/update-contact.js';
import {
  addContactRoute,
  changeContactRoute,
  deactivateContactRoute,
  disableLoginRoute,
  enableLoginRoute,
  getContactRoute,
  moveContactRoute,
} from './api-description.js';
import { contactResponse } from './contacts.schemas.js';

export function contactsRoutes(db: CustomersDatabase, gateway: GatewayClient): Router {
  const router = Router();

  serve(router, addContactRoute, async ({ principal: staff, params: { id: customerId }, body }, _req, res) => {
    const access = await customerAccessOfStaff(db, staff);
    ensureReachableCustomer(access, customerId);
    const { contact, invitation } = await addContact(db, access, customerId, body);
    res.status(201).location(`/api/contacts/${contact.id}`).json({ ...contactResponse(contact), invitation });
  });

  serve(router, getContactRoute, async ({ principal: staff, params }, _req, res) => {
    res.json(contactResponse(await getContact(db, await customerAccessOfStaff(db, staff), params.id)));
  });

  serve(router, changeContactRoute, async ({ principal: staff, params, body }, _req, res) => {
    const editor = { access: await customerAccessOfStaff(db, staff), managesPortalAccess: staff.permissions.includes(permissions.managePortalAccess.name) };
    res.json(contactResponse(await updateContact(db, gateway, editor, params.id, body)));
  });

  serve(router, deactivateContactRoute, async ({ principal: staff, params }, _req, res) => {
    res.json(contactResponse(await deactivateContact(db, gateway, await customerAccessOfStaff(db, staff), params.id)));
  });

  serve(router, moveContactRoute, async ({ principal: staff, params, body }, _req, res) => {
    res.json(contactResponse(await moveContact(db, gateway, await customerAccessOfStaff(db, staff), params.id, body)));
  });

  serve(router, enableLoginRoute, async ({ principal: staff, params }, _req, res) => {
    const { contact, invitation } = await enablePortalLogin(db, gateway, await customerAccessOfStaff(db, staff), params.id);
    res.json({ ...contactResponse(contact), invitation });
  });

  serve(router, disableLoginRoute, async ({ principal: staff, params }, _req, res) => {
    res.json(contactResponse(await disablePortalLogin(db, gateway, await customerAccessOfStaff(db, staff), params.id)));
  });

  return router;
}
