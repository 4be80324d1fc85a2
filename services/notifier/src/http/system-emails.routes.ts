import { Router, type Request } from 'express';
import { permissions } from '@helpdesk/http';
import { Type, compileParser } from '@helpdesk/validation';
import type { NotifierDatabase } from '../persistence/client.js';
import { listSystemEmailSwitches, switchSystemEmailOnOff, type SystemEmail } from '../domain/system-emails/system-emails.js';
import { requireNotifierAdmin } from './require-admin.js';

export const parseSystemEmailSwitch = compileParser(
  Type.Object({ enabled: Type.Boolean(), version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
  'change of the system email',
);

function systemEmailResponse(systemEmail: SystemEmail) {
  return { key: systemEmail.key, name: systemEmail.name, enabled: systemEmail.enabled, templateKey: systemEmail.templateKey, version: systemEmail.version };
}

/**
 * The system emails' switches (Administration > Emails > System emails): `automations.manage`, as
 * the templates they are rendered from, and access to all customers.
 */
export function systemEmailsRoutes(db: NotifierDatabase): Router {
  const router = Router();
  const requireAdmin = (req: Request) => requireNotifierAdmin(db.client, req, permissions.manageAutomations.name);

  router.get('/api/emails/system', async (req, res) => {
    await requireAdmin(req);
    res.json({ items: (await listSystemEmailSwitches(db)).map(systemEmailResponse) });
  });

  router.patch('/api/emails/system/:key', async (req, res) => {
    const staff = await requireAdmin(req);
    const { enabled, version } = parseSystemEmailSwitch(req.body);
    res.json(systemEmailResponse(await switchSystemEmailOnOff(db, { key: req.params.key, enabled, version, by: staff.userId })));
  });

  return router;
}
