import { Router } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
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
import { contactResponse, parseContactChanges, parseContactMove, parseNewContact } from './contacts.schemas.js';
import { parseContactId, parseCustomerId } from './ids.schemas.js';
import { customerReaders, requireAnyPermission } from './require-any-permission.js';

export function contactsRoutes(db: CustomersDatabase, gateway: GatewayClient): Router {
  const router = Router();
  const manage = permissions.manageContacts.name;

  router.post('/api/customers/:id/contacts', async (req, res) => {
    const customerId = parseCustomerId(req.params.id);
    const access = await customerAccessOfStaff(db, requirePermission(req, manage));
    ensureReachableCustomer(access, customerId);
    const { contact, invitation } = await addContact(db, access, customerId, parseNewContact(req.body));
    res.status(201).location(`/api/contacts/${contact.id}`).json({ ...contactResponse(contact), invitation });
  });

  router.get('/api/contacts/:id', async (req, res) => {
    const access = await customerAccessOfStaff(db, requireAnyPermission(req, customerReaders));
    res.json(contactResponse(await getContact(db, access, parseContactId(req.params.id))));
  });

  router.patch('/api/contacts/:id', async (req, res) => {
    const staff = requirePermission(req, manage);
    const editor = { access: await customerAccessOfStaff(db, staff), managesPortalAccess: staff.permissions.includes(permissions.managePortalAccess.name) };
    res.json(contactResponse(await updateContact(db, gateway, editor, parseContactId(req.params.id), parseContactChanges(req.body))));
  });

  router.post('/api/contacts/:id/deactivate', async (req, res) => {
    const access = await customerAccessOfStaff(db, requirePermission(req, manage));
    res.json(contactResponse(await deactivateContact(db, gateway, access, parseContactId(req.params.id))));
  });

  router.post('/api/contacts/:id/move', async (req, res) => {
    const access = await customerAccessOfStaff(db, requirePermission(req, manage));
    res.json(contactResponse(await moveContact(db, gateway, access, parseContactId(req.params.id), parseContactMove(req.body))));
  });

  router.post('/api/contacts/:id/enable-login', async (req, res) => {
    const access = await customerAccessOfStaff(db, requirePermission(req, permissions.managePortalAccess.name));
    const { contact, invitation } = await enablePortalLogin(db, gateway, access, parseContactId(req.params.id));
    res.json({ ...contactResponse(contact), invitation });
  });

  router.post('/api/contacts/:id/disable-login', async (req, res) => {
    const access = await customerAccessOfStaff(db, requirePermission(req, permissions.managePortalAccess.name));
    res.json(contactResponse(await disablePortalLogin(db, gateway, access, parseContactId(req.params.id))));
  });

  return router;
}
