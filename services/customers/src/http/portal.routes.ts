import type { AggregateVersion } from '@helpdesk/contracts-schema';
import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import type { CustomersDatabase } from '../persistence/client.js';
import { getOrgElement } from '../domain/get-org-element.js';
import { getPortalProfile } from '../domain/get-portal-profile.js';
import { listOrgElements } from '../domain/list-org-elements.js';
import { areasApi, locationsApi, portalProfileRoute, type OrgElementApi } from './api-description.js';
import { areaRoutes, locationRoutes, type OrgElementRoutes } from './org-elements.schemas.js';
import { portalProfileResponse } from './portal.schemas.js';

/** What a signed-in portal contact reads; the customer is always the principal's, never one from the request. */
export function portalRoutes(db: CustomersDatabase): Router {
  const router = Router();

  serve(router, portalProfileRoute, async ({ principal: contact }, _req, res) => {
    res.json(portalProfileResponse(await getPortalProfile(db, contact.customerId, contact.contactId)));
  });

  mountElements(router, db, locationRoutes, locationsApi);
  mountElements(router, db, areaRoutes, areasApi);
  return router;
}

function mountElements<Row extends AggregateVersion, Fields extends { name: string }>(router: Router, db: CustomersDatabase, spec: OrgElementRoutes<Row, Fields>, api: OrgElementApi<Row, Fields>): void {
  serve(router, api.portalList, async ({ principal: { customerId } }, _req, res) => {
    res.json({ items: (await listOrgElements(db, spec.kind, customerId)).map(spec.response) });
  });

  serve(router, api.portalGet, async ({ principal: { customerId }, params }, _req, res) => {
    res.json(spec.response(await getOrgElement(db, spec.kind, customerId, params.elementId)));
  });
}
