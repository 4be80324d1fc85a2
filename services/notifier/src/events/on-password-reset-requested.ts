import { linkKeysFrom, type Envelope, type EventData, type passwordResetRequestedV1 } from '@helpdesk/contracts-schema';
import type { ServiceContext } from '@helpdesk/runtime';
import type { NotifierConfig } from '../config.js';
import type { NotifierDatabase } from '../persistence/client.js';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { passwordResetEmail } from '../domain/password-reset-email.js';
import type { Catalogue } from '../domain/automations/catalogue.js';

export function onPasswordResetRequested(
  event: Envelope<EventData<typeof passwordResetRequestedV1>>,
  { config }: ServiceContext<NotifierConfig, NotifierDatabase>,
  { portalEnabled }: Pick<Catalogue, 'portalEnabled'>,
): NewOutgoingEmail[] {
  const links = { baseUrls: { staff: config.STAFF_APP_URL, contact: config.PORTAL_URL }, linkKeys: linkKeysFrom(config) };
  const email = passwordResetEmail(event.id, event.data, links, config.MAIL_FROM);
  // A contact's reset link opens the portal: while it is switched off, the request (made just before) is logged, not sent.
  if (event.data.accountKind === 'contact' && !portalEnabled) return [{ ...email, textBody: withheldResetText, notSentReason: 'portal_disabled', source: 'password_reset' }];
  return [{ ...email, source: 'password_reset' }];
}

/** Stands for the body of a reset that was not sent: no usable link is ever stored for it. */
const withheldResetText = '[not sent: the customer portal is switched off; no link was written]';
