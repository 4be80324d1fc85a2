import { inboundEmailFiledV1, type Envelope, type EventData } from '@helpdesk/contracts-schema';
import type { EventGroupHandler } from '@helpdesk/runtime';
import type { MailIngestConfig } from '../config.js';
import type { MailIngestDatabase } from '../persistence/client.js';
import { applyFilings } from '../persistence/inbound-email.repository.js';
import { filedCounter } from './ingest-metrics.js';

/**
 * The tickets service filed announced emails (new ticket, note on a ticket and by which rule,
 * duplicate, own mail): their processing records say so. One statement per group of events (those the
 * broker delivered together: one per email under load), each event applied once (libs/idempotent-consumer);
 * a repeat of the same filing writes the same values.
 */
export const inboundEmailFiledGroups: EventGroupHandler<MailIngestConfig, MailIngestDatabase> = {
  events: [inboundEmailFiledV1],
  async handleGroup(events, context) {
    // A redelivery can arrive in the same group as the event it repeats: it is one event.
    const distinct = [...new Map(events.map((event) => [event.id, event as Envelope<EventData<typeof inboundEmailFiledV1>>])).values()];
    const applied = await applyFilings(
      context.db.client,
      'mail-ingest',
      distinct.map(({ id, data }) => ({
        eventId: id,
        emailId: data.emailId,
        emailAccountId: data.emailAccountId,
        outcome: data.outcome,
        detail: data.detail,
        ticketId: data.ticketId,
        number: data.number,
        rule: data.rule,
        reopened: data.reopened,
        linkedTicketId: data.linkedTicketId,
        noteId: data.noteId,
      })),
    );
    const filed = filedCounter(context.metrics);
    for (const { filedOutcome } of applied) if (filedOutcome) filed.inc({ outcome: filedOutcome });
    return applied.map(({ eventId }) => eventId);
  },
};
