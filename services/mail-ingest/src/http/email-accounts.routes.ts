import { Router, type Request } from 'express';
import { permissions, requirePermission } from '@helpdesk/http';
import type { MailIngestDatabase } from '../persistence/client.js';
import { findEmailAccount, listEmailAccounts } from '../persistence/email-account.repository.js';
import { requireAllCustomersReach } from '../domain/account-access.js';
import { EmailAccountNotFoundError } from '../domain/account-errors.js';
import { allocateEmailAccount, createEmailAccount, deleteEmailAccount, updateEmailAccount, type AccountContext } from '../domain/manage-email-accounts.js';
import { searchCustomers } from '../domain/search-customers.js';
import {
  emailAccountResponse,
  parseAllocation,
  parseCustomerSearch,
  parseEmailAccountChange,
  parseEmailAccountId,
  parseNewEmailAccount,
} from './email-accounts.schemas.js';

/** Administration of tickets-from-email accounts and their allocation to customers (seed 001). */
export function emailAccountsRoutes(context: AccountContext): Router {
  const router = Router();
  const { db } = context;

  router.get('/api/email-accounts', async (req, res) => {
    await requireManager(db, req);
    res.json({ items: (await listEmailAccounts(db.client)).map(emailAccountResponse) });
  });

  router.post('/api/email-accounts', async (req, res) => {
    await requireManager(db, req);
    const account = await createEmailAccount(context, parseNewEmailAccount(req.body));
    res.status(201).location(`/api/email-accounts/${account.id}`).json(emailAccountResponse(account));
  });

  // Before '/:id', which would take "customer-search" for an id.
  router.get('/api/email-accounts/customer-search', async (req, res) => {
    await requireManager(db, req);
    const { q, limit } = parseCustomerSearch({ ...req.query });
    res.json({ items: await searchCustomers(db.client, q, limit) });
  });

  router.get('/api/email-accounts/:id', async (req, res) => {
    await requireManager(db, req);
    const id = parseEmailAccountId(req.params.id);
    const account = await findEmailAccount(db.client, id);
    if (!account) throw new EmailAccountNotFoundError(id);
    res.json(emailAccountResponse(account));
  });

  router.patch('/api/email-accounts/:id', async (req, res) => {
    await requireManager(db, req);
    res.json(emailAccountResponse(await updateEmailAccount(context, parseEmailAccountId(req.params.id), parseEmailAccountChange(req.body))));
  });

  router.delete('/api/email-accounts/:id', async (req, res) => {
    await requireManager(db, req);
    await deleteEmailAccount(context, parseEmailAccountId(req.params.id));
    res.status(204).end();
  });

  router.put('/api/email-accounts/:id/allocation', async (req, res) => {
    await requireManager(db, req);
    const id = parseEmailAccountId(req.params.id);
    res.json(emailAccountResponse(await allocateEmailAccount(context, id, parseAllocation(req.body))));
  });

  return router;
}

async function requireManager(db: MailIngestDatabase, req: Request): Promise<void> {
  await requireAllCustomersReach(db.client, requirePermission(req, permissions.manageEmailAccounts.name));
}
