import { portalInvitationIssuedV1, ticketCreatedV1, type Envelope, type EventData, type EventDefinition } from '@helpdesk/contracts-schema';
import type { EventGroupHandler, ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import { queueEmailsOnce, type NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { onPortalInvitationIssued } from './on-portal-invitation-issued.js';
import { onTicketCreated } from './on-ticket-created.js';

type Context = ServiceContext<NotifierConfig, NotifierDatabase>;

/** One consumed event and the emails it causes: decided in process, queued by the group's one statement. */
interface EmailsOn {
  event: EventDefinition;
  emailsFor(event: Envelope, context: Context): NewOutgoingEmail[];
}

function emailsOn<D extends EventDefinition>(event: D, emailsFor: (event: Envelope<EventData<D>>, context: Context) => NewOutgoingEmail[]): EmailsOn {
  return { event, emailsFor: emailsFor as EmailsOn['emailsFor'] };
}

/** Everything the notifier consumes. */
const handlers = [emailsOn(ticketCreatedV1, onTicketCreated), emailsOn(portalInvitationIssuedV1, onPortalInvitationIssued)];

/**
 * Events arrive in groups (those the broker delivered together): the emails of the whole group are
 * queued, and the events recorded as handled, in one statement; the sender is then woken.
 */
export const eventGroups: EventGroupHandler<NotifierConfig, NotifierDatabase> = {
  events: handlers.map((handler) => handler.event),
  async handleGroup(events, context) {
    const emails = events.flatMap((event) => handlerOf(event).emailsFor(event, context));
    const applied = await queueEmailsOnce(context.db.client, events.map((event) => event.id), emails);
    context.db.statementCommitted({ wroteOutbox: false });
    return applied;
  },
};

function handlerOf(event: Envelope): EmailsOn {
  const handler = handlers.find((candidate) => candidate.event.type === event.type && candidate.event.version === event.version);
  if (!handler) throw new Error(`the notifier has no handler for ${event.type} v${event.version}`);
  return handler;
}
