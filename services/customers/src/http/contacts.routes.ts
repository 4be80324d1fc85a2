import { Router, type Request } from 'express';
import { permissions, requirePermission, type StaffPrincipal } from '@helpdesk/http';
import type { GatewayClient } from '../clients/gateway.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { addContact } from '../domain/add-contact.js';
import { customerAccessOfStaff, ensureReachableContact, ensureReachableCustomer } from '../domain/customer-access.js';
import { deactivateContact } from '../domain/deactivate-contact.js';
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
    ensureReachableCustomer(await customerAccessOfStaff(db, requirePermission(req, manage)), customerId);
    const contact = await addContact(db, customerId, parseNewContact(req.body));
    res.status(201).location(`/api/contacts/${contact.id}`).json(contactResponse(contact));
  });

  router.get('/api/contacts/:id', async (req, res) => {
    const id = await reachableContactId(req, requireAnyPermission(req, customerReaders));
    res.json(contactResponse(await getContact(db, id)));
  });

  router.patch('/api/contacts/:id', async (req, res) => {
    const id = await reachableContactId(req, requirePermission(req, manage));
    res.json(contactResponse(await updateContact(db, id, parseContactChanges(req.body))));
  });

  router.post('/api/contacts/:id/deactivate', async (req, res) => {
    const id = await reachableContactId(req, requirePermission(req, manage));
    res.json(contactResponse(await deactivateContact(db, gateway, id)));
  });

  router.post('/api/contacts/:id/move', async (req, res) => {
    const staff = requirePermission(req, manage);
    const id = await reachableContactId(req, staff);
    const move = parseContactMove(req.body);
    // The customer it moves to must be within reach too, or a contact could be handed to a customer out of reach.
    ensureReachableCustomer(await customerAccessOfStaff(db, staff), move.customerId);
    res.json(contactResponse(await moveContact(db, gateway, id, move)));
  });

  router.post('/api/contacts/:id/enable-login', async (req, res) => {
    const id = await reachableContactId(req, requirePermission(req, permissions.managePortalAccess.name));
    res.json(contactResponse(await enablePortalLogin(db, gateway, id)));
  });

  /** The contact of the path, if the caller's teams reach its customer; 404 otherwise, as if it did not exist. */
  async function reachableContactId(req: Request, staff: StaffPrincipal): Promise<string> {
    const id = parseContactId(req.params.id);
    await ensureReachableContact(db, await customerAccessOfStaff(db, staff), id);
    return id;
  }

  return router;
}
