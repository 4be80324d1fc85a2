import type { GatewayDatabase } from '../persistence/client.js';
import { findActiveAccountByEmail } from '../persistence/contact-account.repository.js';
import { portalEnabled } from '../persistence/customer-app.repository.js';
import { findStaffUserByEmail } from '../persistence/staff-user.repository.js';
import { issueAccessToken } from './access-tokens.js';
import { InvalidCredentialsError, PortalDisabledError } from './errors.js';
import { issueDeviceToken, trustedDeviceOf, type DeviceToken } from './device-trust.js';
import { accountOf, deviceKeyOf, releaseSignInAttempt, reserveSignInAttempt, throttleKeys } from './login-throttle.js';
import { verifyPassword } from './passwords.js';

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

export interface SignIn {
  email: string;
  password: string;
  /** The client's network address (behind a trusted proxy, the one it forwarded), for throttling. */
  address: string;
  /** The device token an earlier sign-in gave this client, if it sent one (device-trust.ts). */
  deviceToken?: string;
  /** The browser session the token opens (browser-sessions.ts); none for a token the client keeps itself. */
  sessionId?: string;
}

export interface Session {
  accessToken: string;
  expiresIn: number;
}

/**
 * Checks the sign-in under the throttle; on success, also the device token to give the client (the
 * same device, renewed, when it sent a valid one for this account).
 */
async function throttled<T>(
  db: GatewayDatabase,
  tokens: TokenSettings,
  kind: 'staff' | 'contact',
  signIn: SignIn,
  check: () => Promise<T | undefined>,
): Promise<{ result: T; device: DeviceToken }> {
  const account = accountOf(kind, signIn.email);
  const deviceId = trustedDeviceOf(tokens.secret, account, signIn.deviceToken);
  const attempt = await reserveSignInAttempt(db, throttleKeys(kind, signIn.email, signIn.address), deviceId && deviceKeyOf(deviceId));
  const result = await check();
  if (result === undefined) throw new InvalidCredentialsError();
  await releaseSignInAttempt(db, attempt);
  return { result, device: issueDeviceToken(tokens.secret, account, deviceId) };
}

export async function logInStaff(db: GatewayDatabase, tokens: TokenSettings, signIn: SignIn) {
  const { result: user, device } = await throttled(db, tokens, 'staff', signIn, async () => {
    const found = await findStaffUserByEmail(db.client, signIn.email);
    const matches = await verifyPassword(found?.passwordHash, signIn.password);
    return found && found.active && matches ? found : undefined;
  });
  return {
    accessToken: issueAccessToken(tokens.secret, tokens.ttlSeconds, { kind: 'staff', sub: user.id, tokenVersion: user.tokenVersion, sessionId: signIn.sessionId }),
    expiresIn: tokens.ttlSeconds,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    device,
  };
}

/**
 * While no portal app is enabled, every portal sign-in gets the same 403, before the throttle and the
 * password are looked at: it tells nothing about the account, and counts no failure against it.
 */
export async function logInContact(db: GatewayDatabase, tokens: TokenSettings, signIn: SignIn) {
  if (!(await portalEnabled(db.pool))) throw new PortalDisabledError();
  const { result: account, device } = await throttled(db, tokens, 'contact', signIn, async () => {
    const found = await findActiveAccountByEmail(db.client, signIn.email);
    const matches = await verifyPassword(found?.passwordHash ?? undefined, signIn.password);
    return found && matches ? found : undefined;
  });
  return {
    accessToken: issueAccessToken(tokens.secret, tokens.ttlSeconds, {
      kind: 'contact',
      sub: account.contactId,
      customerId: account.customerId,
      tokenVersion: account.tokenVersion,
      sessionId: signIn.sessionId,
    }),
    expiresIn: tokens.ttlSeconds,
    contact: { id: account.contactId, customerId: account.customerId, email: account.email, firstName: account.firstName, lastName: account.lastName },
    device,
  };
}
