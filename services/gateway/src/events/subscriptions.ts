import { contactCustomerChangedV1, contactDeactivatedV1, contactLoginDisabledV1, contactLoginEnabledV1, contactUpdatedV1 } from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import type { GatewayConfig } from '../config.js';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { onContactLeft } from './on-contact-left.js';
import { onContactLoginEnabled } from './on-contact-login-enabled.js';
import { onContactUpdated } from './on-contact-updated.js';

/** Everything the gateway consumes: the contacts whose portal logins it keeps. */
export const subscriptions: EventHandler<Tx, GatewayConfig, GatewayDatabase>[] = [
  on(contactLoginEnabledV1, onContactLoginEnabled),
  on(contactUpdatedV1, onContactUpdated),
  on(contactCustomerChangedV1, onContactLeft),
  on(contactDeactivatedV1, onContactLeft),
  on(contactLoginDisabledV1, onContactLeft),
];
