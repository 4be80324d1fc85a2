import { isDeepStrictEqual } from 'node:util';
import { customerUpdatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { updateCustomer as updateCustomerRow, type Customer } from '../persistence/customer.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { customerSnapshot, requireCustomer, type PortalTicketVisibility } from './customer.js';
import { requireCustomerGroup } from './customer-group.js';
import { normaliseEmailDomains } from './email-domains.js';
import { CustomerNameTakenError } from './errors.js';

export interface CustomerChanges {
  name?: string;
  groupId?: string | null;
  portalTicketVisibility?: PortalTicketVisibility;
  /** Replaces the whole list. */
  emailDomains?: string[];
}

/** Also how a customer joins a group. A change that changes nothing writes nothing and emits nothing. */
export function updateCustomer(db: CustomersDatabase, id: string, changes: CustomerChanges): Promise<Customer> {
  return db.transaction(async (tx) => {
    const current = await requireCustomer(tx, id);
    if (changes.groupId) await requireCustomerGroup(tx, changes.groupId);
    const normalised = {
      ...changes,
      ...(changes.name !== undefined && { name: changes.name.trim() }),
      ...(changes.emailDomains !== undefined && { emailDomains: normaliseEmailDomains(changes.emailDomains) }),
    };
    if (isDeepStrictEqual(customerSnapshot({ ...current, ...normalised }), customerSnapshot(current))) return current;
    const customer = await onDuplicate(updateCustomerRow(tx, id, normalised), () => new CustomerNameTakenError(normalised.name ?? current.name));
    await recordEvent(tx, 'customers', customerUpdatedV1, customer, customerSnapshot(customer));
    return customer;
  });
}
