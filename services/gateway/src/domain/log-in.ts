import type { GatewayDatabase } from '../persistence/client.js';
import { findStaffUserByEmail } from '../persistence/staff-user.repository.js';
import { issueAccessToken } from './access-tokens.js';
import { InvalidCredentialsError } from './errors.js';
import { verifyPassword } from './passwords.js';

export interface TokenSettings {
  secret: string;
  ttlSeconds: number;
}

export interface Session {
  accessToken: string;
  expiresIn: number;
  user: { id: string; email: string; name: string; role: string };
}

export async function logIn(db: GatewayDatabase, tokens: TokenSettings, email: string, password: string): Promise<Session> {
  const user = await findStaffUserByEmail(db.client, email);
  const passwordMatches = await verifyPassword(user?.passwordHash, password);
  if (!user || !user.active || !passwordMatches) throw new InvalidCredentialsError();
  return {
    accessToken: issueAccessToken(tokens.secret, tokens.ttlSeconds, { sub: user.id, kind: 'staff' }),
    expiresIn: tokens.ttlSeconds,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
  };
}
