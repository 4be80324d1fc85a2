import { Router } from 'express';
import { requireCaller } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { addContact } from '../domain/add-contact.js';
import { findOrAddContactByEmail } from '../domain/contact-by-email.js';
import { contactResponse, parseContactByEmail, parseNewContact } from './contacts.schemas.js';
import { parseCustomerId } from './ids.schemas.js';

/**
 * Routes for the system's own services, on the internal listener only. Each names the services
 * that may ask; the caller answers for the user it serves (the tickets service checks the agent's
 * permission and team access before it asks), so a caller gets exactly these actions and no user's rights.
 */
export function internalRoutes(db: CustomersDatabase): Router {
  const router = Router();

  // An agent adds a contact while opening a ticket.
  router.post('/internal/customers/:id/contacts', async (req, res) => {
    requireCaller(req, ['tickets']);
    const customerId = parseCustomerId(req.params.id);
    // We do not know the agent's teams here; the customer they add to is within their reach (the
    // tickets service checked), so an address in use may name a contact of that customer, and no other.
    const { contact, invitation } = await addContact(db, [customerId], customerId, parseNewContact(req.body));
    res.status(201).json({ ...contactResponse(contact), invitation });
  });

  // An email from an unknown sender on one of the customer's email domains (issue 11 §6): the contact
  // with that address under this customer, added if there is none. PUT: asking twice (a redelivered
  // event) answers the same contact; 201 when this call added it, 200 when it was there.
  router.put('/internal/customers/:id/contacts/by-email', async (req, res) => {
    requireCaller(req, ['tickets']);
    const customerId = parseCustomerId(req.params.id);
    const { contact, created } = await findOrAddContactByEmail(db, customerId, parseContactByEmail(req.body));
    res.status(created ? 201 : 200).json(contactResponse(contact));
  });

  return router;
}
