import type { GatewayDatabase } from '../persistence/client.js';
import { findActiveAccountByEmail } from '../persistence/contact-account.repository.js';
import { findStaffUserByEmail } from '../persistence/staff-user.repository.js';
import { issueAccessToken } from './access-tokens.js';
import { InvalidCredentialsError } from './errors.js';
import { releaseSignInAttempt, reserveSignInAttempt, throttleKeys } from './login-throttle.js';
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
}

export interface Session {
  accessToken: string;
  expiresIn: number;
}

async function throttled<T>(db: GatewayDatabase, kind: 'staff' | 'contact', signIn: SignIn, check: () => Promise<T | undefined>): Promise<T> {
  const keys = throttleKeys(kind, signIn.email, signIn.address);
  const attempt = await reserveSignInAttempt(db, keys);
  const result = await check();
  if (result === undefined) throw new InvalidCredentialsError();
  await releaseSignInAttempt(db, attempt);
  return result;
}

export async function logInStaff(db: GatewayDatabase, tokens: TokenSettings, signIn: SignIn) {
  const user = await throttled(db, 'staff', signIn, async () => {
    const found = await findStaffUserByEmail(db.client, signIn.email);
    const matches = await verifyPassword(found?.passwordHash, signIn.password);
    return found && found.active && matches ? found : undefined;
  });
  return {
    accessToken: issueAccessToken(tokens.secret, tokens.ttlSeconds, { kind: 'staff', sub: user.id }),
    expiresIn: tokens.ttlSeconds,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}

export async function logInContact(db: GatewayDatabase, tokens: TokenSettings, signIn: SignIn) {
  const account = await throttled(db, 'contact', signIn, async () => {
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
    }),
    expiresIn: tokens.ttlSeconds,
    contact: { id: account.contactId, customerId: account.customerId, email: account.email, firstName: account.firstName, lastName: account.lastName },
  };
}
