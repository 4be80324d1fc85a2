import type { Envelope, EventData, inboundEmailFiledV1 } from '@helpdesk/contracts-schema';
import type { Counter } from '@helpdesk/http';
import type { Tx } from '../persistence/client.js';
import { recordFiling } from '../persistence/inbound-email.repository.js';

/**
 * The tickets service filed an announced email (new ticket, note on a ticket and by which rule,
 * duplicate, own mail): its processing record says so. Applied once per event (libs/idempotent-consumer);
 * a repeat of the same filing writes the same values.
 */
export async function onInboundEmailFiled(event: Envelope<EventData<typeof inboundEmailFiledV1>>, tx: Tx, filed?: Counter<'outcome'>): Promise<void> {
  const data = event.data;
  const applied = await recordFiling(tx, {
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
  });
  if (applied) filed?.inc({ outcome: data.outcome });
}
