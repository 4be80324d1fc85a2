import type { Request } from 'express';
import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOfStaff, ensureReachableCustomer } from '../domain/customer-access.js';
import type { CustomersDatabase } from '../persistence/client.js';
import { parseCustomerId } from './ids.schemas.js';

/** The customer of the path (`:id`), if the caller's teams reach it; 404 otherwise, as if it did not exist. */
export async function reachableCustomerId(db: CustomersDatabase, req: Request, staff: StaffPrincipal): Promise<string> {
  const id = parseCustomerId(req.params.id);
  ensureReachableCustomer(await customerAccessOfStaff(db, staff), id);
  return id;
}
