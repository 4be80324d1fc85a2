import { createHash, createHmac } from 'node:crypto';

/**
 * The token in a portal invitation link: `<invitation id>.<HMAC-SHA256 of the id>` under a secret that
 * the gateway and the notifier share. The gateway keeps only its SHA-256; the notifier derives it
 * when it writes the email, so the token itself never travels on the bus or sits in an outbox.
 */
export function invitationToken(secret: string, invitationId: string): string {
  return `${invitationId}.${createHmac('sha256', secret).update(invitationId).digest('base64url')}`;
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const tokenPattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[A-Za-z0-9_-]{43}$/;

/** The invitation id of a well-formed token, or undefined. */
export function invitationIdOf(token: string): string | undefined {
  return tokenPattern.exec(token)?.[1];
}
