import type { EventData, LinkKeys, passwordResetRequestedV1 } from '@helpdesk/contracts-schema';
import type { Tx } from '../persistence/client.js';
import { queueEmail } from '../persistence/outgoing-email.repository.js';
import { emailedLink, readableExpiry } from './emailed-link.js';
import { newMessageId } from './message-id.js';

type ResetRequested = EventData<typeof passwordResetRequestedV1>;

export interface ResetLinks {
  /** Where each kind of account opens its link: the staff application or the customer portal. */
  baseUrls: Record<ResetRequested['accountKind'], string>;
  linkKeys: LinkKeys;
}

export function passwordResetText(reset: ResetRequested, link: string): string {
  return [
    `Hello ${reset.name},`,
    '',
    'someone asked to reset the password of your account. Choose a new password here:',
    '',
    `    ${link}`,
    '',
    `The link works once and expires on ${readableExpiry(reset.expiresAt)}. Setting a new password signs you out everywhere.`,
    'If you did not ask for this, ignore this email: your password stays as it is.',
    '',
    'Your support team',
  ].join('\n');
}

/** Queues the reset email; its body is blanked once sent, since the link sets the password. */
export async function sendPasswordReset(tx: Tx, eventId: string, reset: ResetRequested, links: ResetLinks, sender: string): Promise<void> {
  const link = emailedLink(links.linkKeys, links.baseUrls[reset.accountKind], 'reset-password', 'password_reset', reset.resetId, reset.keyId);
  await queueEmail(tx, {
    messageId: newMessageId(sender),
    kind: 'password_reset',
    toAddress: reset.email,
    subject: 'Reset your password',
    textBody: passwordResetText(reset, link),
    causedByEvent: eventId,
    redactAfterSend: true,
  });
}
