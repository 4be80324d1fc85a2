import { pgExecutor } from '@helpdesk/db';
import type { TicketsDatabase } from '../persistence/client.js';
import { emailAccountsOfCustomer } from '../persistence/email-account.repository.js';
import type { PortalUser } from './ticket.js';

/** The email accounts the portal's ticket form offers a contact: those allocated to their customer (seed 001). */
export function listPortalEmailAccounts(db: TicketsDatabase, caller: PortalUser) {
  return emailAccountsOfCustomer(pgExecutor(db.pool), caller.customerId);
}
