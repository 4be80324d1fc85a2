import { Router, type NextFunction, type Request, type Response } from 'express';
import { GATEWAY_ASSERTION_HEADER, requireService, verifyGatewayAssertion } from '@helpdesk/http';
import type { GatewayDatabase } from '../persistence/client.js';
import { revokePortalAccess } from '../domain/revoke-portal-access.js';
import { parseId } from './staff.schemas.js';

/** Endpoints for the system's own services, authenticated with the internal secret. */
export function internalRoutes(db: GatewayDatabase, internalSecret: string): Router {
  const router = Router();
  router.use('/internal', (req: Request, _res: Response, next: NextFunction) => {
    req.principal = verifyGatewayAssertion(internalSecret, req.header(GATEWAY_ASSERTION_HEADER));
    next();
  });

  // Called by the customers service before it moves or deactivates a contact, so that access ends at once.
  router.post('/internal/portal-access/:contactId/revoke', async (req, res) => {
    requireService(req);
    const contactId = parseId(req.params.contactId);
    await db.transaction((tx) => revokePortalAccess(tx, contactId, new Date()));
    res.status(204).end();
  });

  return router;
}
