import { linkKeysFrom, type Envelope, type EventData, type passwordResetRequestedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase, Tx } from '../persistence/client.js';
import { sendPasswordReset } from '../domain/send-password-reset.js';

export function onPasswordResetRequested(
  event: Envelope<EventData<typeof passwordResetRequestedV1>>,
  tx: Tx,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): Promise<void> {
  const links = { baseUrls: { staff: config.STAFF_APP_URL, contact: config.PORTAL_URL }, linkKeys: linkKeysFrom(config) };
  return sendPasswordReset(tx, event.id, event.data, links, config.MAIL_FROM);
}
