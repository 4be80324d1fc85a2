import { passwordResetRequestedV1, portalInvitationIssuedV1, ticketCreatedV1 } from '@helpdesk/contracts-schema';
import { on, type EventHandler } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase, Tx } from '../persistence/client.js';
import { onPasswordResetRequested } from './on-password-reset-requested.js';
import { onPortalInvitationIssued } from './on-portal-invitation-issued.js';
import { onTicketCreated } from './on-ticket-created.js';

/** Everything the notifier consumes. */
export const subscriptions: EventHandler<Tx, NotifierConfig, NotifierDatabase>[] = [
  on(ticketCreatedV1, onTicketCreated),
  on(portalInvitationIssuedV1, onPortalInvitationIssued),
  on(passwordResetRequestedV1, onPasswordResetRequested),
];
