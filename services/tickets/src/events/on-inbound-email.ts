import { inboundEmailReceivedV1, outgoingEmailQueuedV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import { pgExecutor } from '@helpdesk/db';
import { signerOf } from '@helpdesk/http';
import type { EventGroupHandler, ServiceContext } from '@helpdesk/runtime';
import { customersClient, type CustomersClient } from '../clients/customers.js';
import type { TicketsConfig } from '../config.js';
import { fileInboundEmails, type InboundEmail } from '../domain/file-email.js';
import { normaliseMessageId } from '../domain/file-inbound-email.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { keepIssuedMessageIds, type IssuedMessageId } from '../persistence/inbound-email.repository.js';

type Context = ServiceContext<TicketsConfig, TicketsDatabase>;
type Queued = Envelope<EventData<typeof outgoingEmailQueuedV1>>;

const consumer = 'tickets';

const clients = new WeakMap<Context, CustomersClient>();
function customersOf(context: Context): CustomersClient {
  let client = clients.get(context);
  if (!client) clients.set(context, (client = customersClient(context.config.CUSTOMERS_INTERNAL_URL, signerOf(context.keys))));
  return client;
}

/**
 * Inbound email (inbound_email.received) and the Message-IDs of the system's own emails
 * (outgoing_email.queued): the hot path of mail, so through `pg`, a group of events at a time, each
 * recorded as applied with its effect (a redelivery changes nothing), not a Prisma transaction. The
 * group's Message-IDs are kept first, in one statement, so that an email of the same group answering
 * one of them finds its ticket; then the group's emails are filed in one transaction.
 */
export const mailEventGroups: EventGroupHandler<TicketsConfig, TicketsDatabase> = {
  events: [inboundEmailReceivedV1, outgoingEmailQueuedV1],
  async handleGroup(events, context) {
    const queued = events.filter((event): event is Queued => event.type === outgoingEmailQueuedV1.type);
    const received = events.filter((event): event is Envelope<InboundEmail> => event.type === inboundEmailReceivedV1.type);
    const kept = queued.length > 0 ? await keepIssuedMessageIds(pgExecutor(context.db.pool), consumer, queued.map((event) => event.id), queued.flatMap(issuedMessageIdOf)) : [];
    const filed = await fileInboundEmails(context.db, customersOf(context), { reopenWithinDays: context.config.REOPEN_WITHIN_DAYS, consumer }, received);
    return [...kept, ...filed];
  },
};

/**
 * An email the notifier queued about a ticket: its Message-ID is the system's, on that ticket. A
 * reply to it threads there; the email itself, should it come back into a mailbox, is own mail.
 * Emails about no ticket (invitations) keep nothing (nor do tickets this service does not have).
 */
function issuedMessageIdOf(event: Queued): IssuedMessageId[] {
  const { messageId, ticketId, outgoingEmailId } = event.data;
  const id = normaliseMessageId(messageId);
  return id && ticketId ? [{ eventId: event.id, messageId: id, ticketId, outgoingEmailId }] : [];
}
