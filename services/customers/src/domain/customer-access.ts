import { ForbiddenError } from '@helpdesk/errors';
import type { StaffPrincipal } from '@helpdesk/http';
import { customerAccessOf, reaches, type CustomerAccess } from '@helpdesk/team-access';
import type { CustomersDatabase } from '../persistence/client.js';
import { findCustomersInGroup } from '../persistence/customer.repository.js';
import { CustomerGroupNotFoundError, CustomerNotFoundError } from './errors.js';

export type { CustomerAccess };

/**
 * Team access (seed 004: the customers a user can pick follow their teams): a staff user reaches the
 * customers their teams' ticket access names, resolved from this service's projection of the teams.
 * What is out of reach is answered 404, as if it did not exist, so nothing is learnt of it.
 */
export function customerAccessOfStaff(db: CustomersDatabase, staff: StaffPrincipal): Promise<CustomerAccess> {
  return customerAccessOf(db.client, staff);
}

export function ensureReachableCustomer(access: CustomerAccess, customerId: string): void {
  if (!reaches(access, customerId)) throw new CustomerNotFoundError(customerId);
}

/**
 * Customer groups span customers, so: a group is visible to a user who reaches one of its customers,
 * or when it holds none (a new group is nobody's yet). Renaming or deleting one changes every
 * customer in it, so that needs every one of them within reach (403 otherwise, naming why).
 */
export async function ensureReachableGroup(db: CustomersDatabase, access: CustomerAccess, groupId: string, use: 'see' | 'change'): Promise<void> {
  if (access === 'all') return;
  const members = await findCustomersInGroup(db.client, groupId);
  const reached = members.filter((customer) => reaches(access, customer.id)).length;
  if (members.length > 0 && reached === 0) throw new CustomerGroupNotFoundError(groupId);
  if (use === 'change' && reached < members.length) {
    throw new ForbiddenError('This customer group holds customers beyond your teams\' ticket access; ask an administrator to change it.');
  }
}
