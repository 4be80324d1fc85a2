import type { customerCreatedV1, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { findCustomer, type Customer } from '../persistence/customer.repository.js';
import { CustomerNotFoundError } from './errors.js';

/** What a portal contact's dashboard shows: their own tickets, or every ticket of their customer. */
export const portalTicketVisibilities = ['own', 'customer'] as const;
export type PortalTicketVisibility = (typeof portalTicketVisibilities)[number];

export async function requireCustomer(tx: Tx, id: string): Promise<Customer> {
  const customer = await findCustomer(tx, id);
  if (!customer) throw new CustomerNotFoundError(id);
  return customer;
}

export function customerSnapshot(customer: Customer): EventData<typeof customerCreatedV1> {
  return {
    customerId: customer.id,
    name: customer.name,
    portalTicketVisibility: customer.portalTicketVisibility as PortalTicketVisibility,
    groupId: customer.groupId,
    emailDomains: customer.emailDomains,
  };
}
