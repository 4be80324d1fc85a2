import { Router } from 'express';
import { serve } from '@helpdesk/openapi';
import { findEmailAccount, listEmailAccounts } from '../persistence/email-account.repository.js';
import { requireAllCustomersReach } from '../domain/account-access.js';
import { EmailAccountNotFoundError } from '../domain/account-errors.js';
import { allocateEmailAccount, createEmailAccount, deleteEmailAccount, updateEmailAccount, type AccountContext } from '../domain/manage-email-accounts.js';
import { searchCustomers } from '../domain/search-customers.js';
import {
  allocateEmailAccountRoute,
  changeEmailAccountRoute,
  createEmailAccountRoute,
  customerSearchRoute,
  deleteEmailAccountRoute,
  getEmailAccountRoute,
  listEmailAccountsRoute,
} from './api-description.js';
import { emailAccountResponse } from './email-accounts.schemas.js';

/** Administration of tickets-from-email accounts and their allocation to customers (seed 001); each needs a manager reaching every customer. */
export function emailAccountsRoutes(context: AccountContext): Router {
  const router = Router();
  const { db } = context;

  serve(router, listEmailAccountsRoute, async ({ principal }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    res.json({ items: (await listEmailAccounts(db.client)).map(emailAccountResponse) });
  });

  serve(router, createEmailAccountRoute, async ({ principal, body }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    const account = await createEmailAccount(context, body);
    res.status(201).location(`/api/email-accounts/${account.id}`).json(emailAccountResponse(account));
  });

  serve(router, customerSearchRoute, async ({ principal, query: { q, limit } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    res.json({ items: await searchCustomers(db.client, q, limit) });
  });

  serve(router, getEmailAccountRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    const account = await findEmailAccount(db.client, id);
    if (!account) throw new EmailAccountNotFoundError(id);
    res.json(emailAccountResponse(account));
  });

  serve(router, changeEmailAccountRoute, async ({ principal, params: { id }, body }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    res.json(emailAccountResponse(await updateEmailAccount(context, id, body)));
  });

  serve(router, deleteEmailAccountRoute, async ({ principal, params: { id } }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    await deleteEmailAccount(context, id);
    res.status(204).end();
  });

  serve(router, allocateEmailAccountRoute, async ({ principal, params: { id }, body }, _req, res) => {
    await requireAllCustomersReach(db.client, principal);
    res.json(emailAccountResponse(await allocateEmailAccount(context, id, body)));
  });

  return router;
}
