import { Router, type Request } from 'express';
import { ValidationError } from '@helpdesk/errors';
import { permissions } from '@helpdesk/http';
import { Type, compileParser } from '@helpdesk/validation';
import type { NotifierDatabase } from '../persistence/client.js';
import { readAccountOwner, setAccountOwner } from '../persistence/account-owner.repository.js';
import { requireNotifierAdmin } from './require-admin.js';

export const parseEmailSettings = compileParser(
  Type.Object({ accountOwnerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]) }, { additionalProperties: false }),
  'email settings',
);

/**
 * Administration > Emails > Settings: the account owner, whom automations mean by "account owner"
 * (A01). Unset: the oldest active administrator. Changing it counts the settings version up, so every
 * instance's next group uses it.
 */
export function settingsRoutes(db: NotifierDatabase): Router {
  const router = Router();
  const requireAdmin = (req: Request) => requireNotifierAdmin(db.client, req, permissions.manageAutomations.name);

  router.get('/api/emails/settings', async (req, res) => {
    await requireAdmin(req);
    res.json(await readAccountOwner(db.client));
  });

  router.put('/api/emails/settings', async (req, res) => {
    await requireAdmin(req);
    const { accountOwnerId } = parseEmailSettings(req.body);
    if (!(await setAccountOwner(db.client, accountOwnerId))) {
      throw new ValidationError('The account owner must be an active staff user.', [{ pointer: '/accountOwnerId', message: 'is no active staff user' }]);
    }
    res.json(await readAccountOwner(db.client));
  });

  return router;
}
