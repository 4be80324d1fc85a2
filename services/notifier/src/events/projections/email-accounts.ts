import type { emailAccountCreatedV1, emailAccountDeletedV1, EventData, Envelope } from '@helpdesk/contracts-schema';
import type { Tx } from '../../persistence/client.js';
import { saveEmailAccount } from '../../persistence/projections.repository.js';

/** email_account.created / email_account.updated (whole state): the address a customer's reply should go to. */
export function onEmailAccountSnapshot(event: Envelope<EventData<typeof emailAccountCreatedV1>>, tx: Tx): Promise<void> {
  const { emailAccountId, address, enabled } = event.data;
  return saveEmailAccount(tx, emailAccountId, { address, enabled }, event.aggregate.version);
}

export function onEmailAccountDeleted(event: Envelope<EventData<typeof emailAccountDeletedV1>>, tx: Tx): Promise<void> {
  return saveEmailAccount(tx, event.data.emailAccountId, null, event.aggregate.version);
}
