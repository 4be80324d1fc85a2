import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { Router } from 'express';
import { requireContact } from '@helpdesk/http';
import type { CustomersDatabase } from '../persistence/client.js';
import { getOrgElement } from '../domain/get-org-element.js';
import { getPortalProfile } from '../domain/get-portal-profile.js';
import { listOrgElements } from '../domain/list-org-elements.js';
import { areaRoutes, locationRoutes, type OrgElementRoutes } from './org-elements.schemas.js';
import { portalProfileResponse } from './portal.schemas.js';

/** What a signed-in portal contact reads; the customer is always the principal's, never one from the request. */
export function portalRoutes(db: CustomersDatabase): Router {
  const router = Router();

  router.get('/api/portal/me', async (req, res) => {
    const contact = requireContact(req);
    res.json(portalProfileResponse(await getPortalProfile(db, contact.customerId, contact.contactId)));
  });

  mountElements(router, db, locationRoutes);
  mountElements(router, db, areaRoutes);
  return router;
}

function mountElements<Row extends AggregateVersion, Fields extends { name: string }>(router: Router, db: CustomersDatabase, spec: OrgElementRoutes<Row, Fields>): void {
  router.get(`/api/portal/${spec.path}`, async (req, res) => {
    const { customerId } = requireContact(req);
    res.json({ items: (await listOrgElements(db, spec.kind, customerId)).map(spec.response) });
  });

  router.get(`/api/portal/${spec.path}/:elementId`, async (req, res) => {
    const { customerId } = requireContact(req);
    res.json(spec.response(await getOrgElement(db, spec.kind, customerId, spec.parseId(req.params.elementId))));
  });
}
