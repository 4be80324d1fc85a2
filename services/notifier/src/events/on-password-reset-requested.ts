import { linkKeysFrom, type Envelope, type EventData, type passwordResetRequestedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { passwordResetEmail } from '../domain/password-reset-email.js';

export function onPasswordResetRequested(
  event: Envelope<EventData<typeof passwordResetRequestedV1>>,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
): NewOutgoingEmail[] {
  const links = { baseUrls: { staff: config.STAFF_APP_URL, contact: config.PORTAL_URL }, linkKeys: linkKeysFrom(config) };
  return [passwordResetEmail(event.id, event.data, links, config.MAIL_FROM)];
}
