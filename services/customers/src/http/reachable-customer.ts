import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOfStaff, ensureReachableCustomer } from '../domain/customer-access.js';
import type { CustomersDatabase } from '../persistence/client.js';

/** The customer of the path, if the caller's teams reach it; 404 otherwise, as if it did not exist. */
export async function reachableCustomerId(db: CustomersDatabase, staff: StaffPrincipal, id: string): Promise<string> {
  ensureReachableCustomer(await customerAccessOfStaff(db, staff), id);
  return id;
}
