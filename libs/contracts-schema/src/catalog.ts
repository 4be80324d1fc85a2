import type { EventDefinition } from './envelope.js';
import { ticketCreatedV1 } from './events/tickets/ticket-created.v1.js';
import { customerCreatedV1 } from './events/customers/customer-created.v1.js';
import { customerUpdatedV1 } from './events/customers/customer-updated.v1.js';
import { contactAddedV1 } from './events/customers/contact-added.v1.js';
import { contactUpdatedV1 } from './events/customers/contact-updated.v1.js';
import { contactCustomerChangedV1 } from './events/customers/contact-customer-changed.v1.js';
import { contactDeactivatedV1 } from './events/customers/contact-deactivated.v1.js';
import { contactLoginEnabledV1 } from './events/customers/contact-login-enabled.v1.js';
import { portalInvitationIssuedV1 } from './events/gateway/portal-invitation-issued.v1.js';
import { portalInvitationAcceptedV1 } from './events/gateway/portal-invitation-accepted.v1.js';

/** Every event of the system, at every version still published. The only place events are declared. */
export const catalog: readonly EventDefinition[] = [
  ticketCreatedV1,
  customerCreatedV1,
  customerUpdatedV1,
  contactAddedV1,
  contactUpdatedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactLoginEnabledV1,
  portalInvitationIssuedV1,
  portalInvitationAcceptedV1,
];

export function findEventDefinition(type: string, version: number): EventDefinition | undefined {
  return catalog.find((definition) => definition.type === type && definition.version === version);
}
