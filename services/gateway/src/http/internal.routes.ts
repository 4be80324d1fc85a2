import { Router } from 'express';
import { requireCaller } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { findContactAccount } from '../persistence/contact-account.repository.js';
import { portalEnabled } from '../persistence/customer-app.repository.js';
import { revokePortalAccess } from '../domain/revoke-portal-access.js';
import { parseRevocation } from './internal.schemas.js';
import { parseId } from './staff.schemas.js';

/** The services that manage contacts: the only ones that may ask about or end a contact's portal access. */
const contactOwners = ['customers'];

/** Endpoints for the system's own services, on the internal listener only, each signed with the caller's own key. */
export function internalRoutes(db: GatewayDatabase): Router {
  const router = Router();

  // Whether the contact can sign in: the customers service asks before it refuses an enable-login
  // for a contact it sees as active (a move or deactivation may have revoked it here, then failed),
  // and whether a portal app is enabled at all (email-only mode: enabling login is refused).
  router.get('/internal/portal-access/:contactId', async (req, res) => {
    requireCaller(req, contactOwners);
    const contactId = parseId(req.params.contactId);
    const [account, portalAppEnabled] = await Promise.all([findContactAccount(db.client, contactId), portalEnabled(db.pool)]);
    const status = account?.status ?? 'none';
    res.json({ contactId, status, customerId: status === 'none' ? null : account!.customerId, portalAppEnabled });
  });

  // Called by the customers service before it moves or deactivates a contact, so that access ends
  // at once, with the contact version that change will commit.
  router.post('/internal/portal-access/:contactId/revoke', async (req, res) => {
    requireCaller(req, contactOwners);
    const contactId = parseId(req.params.contactId);
    const { contactVersion } = parseRevocation(req.body);
    await db.transaction((tx) => revokePortalAccess(tx, contactId, contactVersion));
    res.status(204).end();
  });

  return router;
}
