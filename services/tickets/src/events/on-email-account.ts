import type { emailAccountCreatedV1, emailAccountDeletedV1, emailAccountUpdatedV1, Envelope, EventData } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { saveEmailAccount } from '../persistence/email-account.repository.js';

type EmailAccountSnapshot = EventData<typeof emailAccountCreatedV1> | EventData<typeof emailAccountUpdatedV1>;

/** email_account.created and .updated carry the whole account and its allocation. */
export function onEmailAccountSnapshot(event: Envelope<EmailAccountSnapshot>, tx: Tx): Promise<void> {
  const { emailAccountId, name, address, enabled, allocation } = event.data;
  return saveEmailAccount(tx, { id: emailAccountId, name, address, enabled, allocation, deleted: false }, event.aggregate.version);
}

/** A deleted account is offered to nobody; the row stays as a marker at the deletion's version. */
export function onEmailAccountDeleted(event: Envelope<EventData<typeof emailAccountDeletedV1>>, tx: Tx): Promise<void> {
  return saveEmailAccount(tx, { id: event.data.emailAccountId, name: '', address: '', enabled: false, allocation: { kind: 'none' }, deleted: true }, event.aggregate.version);
}
