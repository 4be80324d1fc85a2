import { inboundEmailReceivedV1, outgoingEmailQueuedV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import { inPgTransaction } from '@helpdesk/db';
import { signerOf } from '@helpdesk/http';
import { runWithContext } from '@helpdesk/logging';
import type { EventGroupHandler, ServiceContext } from '@helpdesk/runtime';
import { customersClient, type CustomersClient } from '../clients/customers.js';
import type { TicketsConfig } from '../config.js';
import { fileInboundEmail, type InboundEmail } from '../domain/file-email.js';
import { normaliseMessageId } from '../domain/file-inbound-email.js';
import type { TicketsDatabase } from '../persistence/client.js';
import { addIssuedMessageId } from '../persistence/inbound-email.repository.js';

type Context = ServiceContext<TicketsConfig, TicketsDatabase>;

const clients = new WeakMap<Context, CustomersClient>();
function customersOf(context: Context): CustomersClient {
  let client = clients.get(context);
  if (!client) clients.set(context, (client = customersClient(context.config.CUSTOMERS_INTERNAL_URL, signerOf(context.keys))));
  return client;
}

/**
 * Inbound email (inbound_email.received) and the Message-IDs of the system's own emails
 * (outgoing_email.queued): the hot path of mail, so through `pg`, one transaction per event that
 * also records it as applied (a redelivery changes nothing), not a Prisma transaction. Events that
 * arrive together are handled one after the other: each email's filing locks what it touches.
 */
export const mailEventGroups: EventGroupHandler<TicketsConfig, TicketsDatabase> = {
  events: [inboundEmailReceivedV1, outgoingEmailQueuedV1],
  async handleGroup(events, context) {
    const applied: string[] = [];
    for (const event of events) {
      const done = await runWithContext({ correlationId: event.correlationId, causationId: event.id }, () =>
        event.type === inboundEmailReceivedV1.type
          ? fileInboundEmail(context.db, customersOf(context), { reopenWithinDays: context.config.REOPEN_WITHIN_DAYS, consumer: 'tickets' }, event as Envelope<InboundEmail>).then(
              (filed) => filed !== undefined,
            )
          : keepIssuedMessageId(context.db, event as Envelope<EventData<typeof outgoingEmailQueuedV1>>),
      );
      if (done) applied.push(event.id);
    }
    return applied;
  },
};

/**
 * An email the notifier queued about a ticket: its Message-ID is the system's, on that ticket. A
 * reply to it threads there; the email itself, should it come back into a mailbox, is own mail.
 * Emails about no ticket (invitations) and tickets this service does not have are not kept.
 */
async function keepIssuedMessageId(db: TicketsDatabase, event: Envelope<EventData<typeof outgoingEmailQueuedV1>>): Promise<boolean> {
  const { messageId, ticketId, outgoingEmailId } = event.data;
  const id = normaliseMessageId(messageId);
  return inPgTransaction(db.pool, async (sql) => {
    const fresh = await sql.$executeRawUnsafe('INSERT INTO processed_events (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING', 'tickets', event.id);
    if (fresh === 0) return false;
    if (id && ticketId) await addIssuedMessageId(sql, id, ticketId, outgoingEmailId);
    return true;
  });
}
