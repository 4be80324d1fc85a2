import { Router } from 'express';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { NotifierDatabase } from '../persistence/client.js';
import { listSystemEmailSwitches, switchSystemEmailOnOff } from '../domain/system-emails/system-emails.js';
import { listSystemEmailsRoute, switchSystemEmailRoute } from './api-description.js';
import { systemEmailResponse } from './system-emails.schemas.js';
import { requireNotifierAdmin } from './require-admin.js';

/**
 * The system emails' switches (Administration > Emails > System emails): `automations.manage`, as
 * the templates they are rendered from, and access to all customers.
 */
export function systemEmailsRoutes(db: NotifierDatabase): Router {
  const router = Router();
  const requireAdmin = (staff: StaffPrincipal) => requireNotifierAdmin(db.client, staff, permissions.manageAutomations.name);

  serve(router, listSystemEmailsRoute, async ({ principal }, _req, res) => {
    await requireAdmin(principal);
    res.json({ items: (await listSystemEmailSwitches(db)).map(systemEmailResponse) });
  });

  serve(router, switchSystemEmailRoute, async ({ principal, params: { key }, body: { enabled, version } }, _req, res) => {
    const staff = await requireAdmin(principal);
    res.json(systemEmailResponse(await switchSystemEmailOnOff(db, { key, enabled, version, by: staff.userId })));
  });

  return router;
}
