import { customerCreatedV1 } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { CustomersDatabase } from '../persistence/client.js';
import { insertCustomer, type Customer } from '../persistence/customer.repository.js';
import { onDuplicate } from '../persistence/unique-violation.js';
import { customerSnapshot, type PortalTicketVisibility } from './customer.js';
import { requireCustomerGroup } from './customer-group.js';
import { normaliseEmailDomains } from './email-domains.js';
import { CustomerNameTakenError } from './errors.js';

export interface NewCustomer {
  name: string;
  groupId?: string | null;
  portalTicketVisibility: PortalTicketVisibility;
  emailDomains?: string[];
}

export function createCustomer(db: CustomersDatabase, input: NewCustomer): Promise<Customer> {
  return db.transaction(async (tx) => {
    const name = input.name.trim();
    const emailDomains = normaliseEmailDomains(input.emailDomains ?? []);
    if (input.groupId) await requireCustomerGroup(tx, input.groupId);
    const customer = await onDuplicate(
      insertCustomer(tx, { name, groupId: input.groupId ?? null, portalTicketVisibility: input.portalTicketVisibility, emailDomains }),
      () => new CustomerNameTakenError(name),
    );
    await recordEvent(tx, 'customers', customerCreatedV1, customer, customerSnapshot(customer));
    return customer;
  });
}
