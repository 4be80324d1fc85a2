import type { EventData, LinkKeys, passwordResetRequestedV1 } from '@helpdesk/contracts-schema';
import type { NewOutgoingEmail } from '../persistence/outgoing-email.repository.js';
import { emailedLink, linkEmailText, readableExpiry } from './emailed-link.js';
import { newMessageId } from './message-id.js';

type ResetRequested = EventData<typeof passwordResetRequestedV1>;

export interface ResetLinks {
  /** Where each kind of account opens its link: the staff application or the customer portal. */
  baseUrls: Record<ResetRequested['accountKind'], string>;
  linkKeys: LinkKeys;
}

export function passwordResetText(reset: ResetRequested, link: string): string {
  return linkEmailText(
    reset.name,
    ['someone asked to reset the password of your account. Choose a new password here:'],
    link,
    [
      `The link works once and expires on ${readableExpiry(reset.expiresAt)}. Setting a new password signs you out everywhere.`,
      'If you did not ask for this, ignore this email: your password stays as it is.',
    ],
  );
}

/** The reset email; its body is blanked once sent, since the link sets the password. */
export function passwordResetEmail(eventId: string, reset: ResetRequested, links: ResetLinks, sender: string): NewOutgoingEmail {
  const link = emailedLink(links.linkKeys, links.baseUrls[reset.accountKind], 'reset-password', 'password_reset', reset.resetId, reset.keyId);
  return {
    messageId: newMessageId(sender),
    kind: 'password_reset',
    toAddress: reset.email,
    subject: 'Reset your password',
    textBody: passwordResetText(reset, link),
    causedByEvent: eventId,
    redactAfterSend: true,
  };
}
