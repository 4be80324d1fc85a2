import { Router } from 'express';
import { ValidationError } from '@helpdesk/errors';
import { permissions, type StaffPrincipal } from '@helpdesk/http';
import { serve } from '@helpdesk/openapi';
import type { NotifierDatabase } from '../persistence/client.js';
import { readAccountOwner, setAccountOwner } from '../persistence/account-owner.repository.js';
import { getEmailSettingsRoute, setEmailSettingsRoute } from './api-description.js';
import { requireNotifierAdmin } from './require-admin.js';

/**
 * Administration > Emails > Settings: the account owner, whom automations mean by "account owner"
 * (A01). Unset: the oldest active administrator. Changing it counts the settings version up, so every
 * instance's next group uses it.
 */
export function settingsRoutes(db: NotifierDatabase): Router {
  const router = Router();
  const requireAdmin = (staff: StaffPrincipal) => requireNotifierAdmin(db.client, staff, permissions.manageAutomations.name);

  serve(router, getEmailSettingsRoute, async ({ principal }, _req, res) => {
    await requireAdmin(principal);
    res.json(await readAccountOwner(db.client));
  });

  serve(router, setEmailSettingsRoute, async ({ principal, body: { accountOwnerId } }, _req, res) => {
    await requireAdmin(principal);
    if (!(await setAccountOwner(db.client, accountOwnerId))) {
      throw new ValidationError('The account owner must be an active staff user.', [{ pointer: '/accountOwnerId', message: 'is no active staff user' }]);
    }
    res.json(await readAccountOwner(db.client));
  });

  return router;
}
