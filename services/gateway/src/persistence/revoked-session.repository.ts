import type { SqlExecutor } from '@helpdesk/db';
import type { Pool } from './client.js';

/**
 * The column the principal's statement adds (findStaffAccess, findPortalSignIn): whether the token's
 * session, bound as `$2` (null for a token of no session), was ended by signing out. One primary-key
 * probe inside the statement that already runs on every request, so no round trip of its own.
 */
export const sessionRevokedColumn = `EXISTS (SELECT 1 FROM revoked_sessions r WHERE r.session_id = $2::text) AS "sessionRevoked"`;

/** Ends a browser session until `expiresAt`, when every token it had has expired anyway; again is a no-op. */
export async function revokeSession(pool: Pool, sessionId: string, expiresAt: Date): Promise<void> {
  await pool.query(
    `INSERT INTO revoked_sessions (session_id, expires_at) VALUES ($1, $2)
     ON CONFLICT (session_id) DO UPDATE SET expires_at = greatest(revoked_sessions.expires_at, excluded.expires_at)`,
    [sessionId, expiresAt],
  );
}

/** Deletes up to `batchSize` revocations whose sessions' tokens have all expired; instances purging at once skip each other's rows. */
export async function purgeExpiredRevocations(executor: SqlExecutor, batchSize: number): Promise<number> {
  return executor.$executeRawUnsafe(
    `DELETE FROM revoked_sessions WHERE session_id IN (
       SELECT session_id FROM revoked_sessions WHERE expires_at < now() ORDER BY expires_at LIMIT $1 FOR UPDATE SKIP LOCKED)`,
    batchSize,
  );
}
