import jwt from 'jsonwebtoken';
import { secretKey } from '@helpdesk/http';
import { queryDatabase, testSecrets } from '@helpdesk/testing';
import { authenticate } from '../src/domain/authenticate';
import { openDatabase, type GatewayDatabase } from '../src/persistence/client';
import { gatewayService } from '../src/service';
import { admin, insertActiveContact, startGateway, statementsOn } from './support';

const COOKIE = '__Host-helpdesk_session';
const sameOrigin = { 'sec-fetch-site': 'same-origin' };

/**
 * Signing out of a page ends its session on the server: the token the cookie held, copied or renewed,
 * is refused from then on, on every gateway; other sessions of the person go on.
 */
describe('signing out of a page', () => {
  let first: Awaited<ReturnType<typeof startGateway>>;
  let second: Awaited<ReturnType<typeof startGateway>>;
  let db: GatewayDatabase;
  beforeAll(async () => {
    first = await startGateway();
    second = await startGateway({ databaseUrl: first.databaseUrl, busPrefix: first.busPrefix });
    db = openDatabase(first.databaseUrl);
  });
  afterAll(async () => {
    await db.disconnect();
    await second.stop({ keepDatabase: true });
    await first.stop();
  });

  const url = (path: string, gateway = first) => `${gateway.gateway.url}${path}`;

  async function openSession(path: '/api/auth/session' | '/api/portal/session', credentials: { email: string; password: string }) {
    const response = await fetch(url(path), { method: 'POST', headers: { 'content-type': 'application/json', ...sameOrigin }, body: JSON.stringify(credentials) });
    expect(response.status).toBe(201);
    const line = response.headers.getSetCookie().find((l) => l.startsWith(`${COOKIE}=`))!;
    const token = line.slice(COOKIE.length + 1, line.indexOf(';'));
    return { token, cookie: `${COOKIE}=${token}` };
  }

  const read = (path: string, cookie: string, gateway = first) => fetch(url(path, gateway), { headers: { cookie } }).then((r) => r.status);
  const signOut = (path: string, cookie: string) => fetch(url(path), { method: 'DELETE', headers: { cookie, ...sameOrigin } });

  /** The same session's token as a renewal would issue it (a later iat, the same sid and start). */
  function renewed(token: string): string {
    const { iat: _iat, exp: _exp, ...claims } = jwt.decode(token) as jwt.JwtPayload;
    return jwt.sign({ ...claims, iat: Math.floor(Date.now() / 1000) + 2 }, secretKey(testSecrets.jwt), { algorithm: 'HS256', expiresIn: 3600 });
  }

  test('a staff session: its cookie, copied or renewed, is a 401 on every gateway after the sign-out; another session goes on', async () => {
    const signedOut = await openSession('/api/auth/session', admin);
    const other = await openSession('/api/auth/session', admin);
    const copy = signedOut.cookie;
    expect(await read('/api/auth/session', copy)).toBe(200);

    const ended = await signOut('/api/auth/session', signedOut.cookie);
    expect(ended.status).toBe(204);
    expect(ended.headers.getSetCookie().find((l) => l.startsWith(`${COOKIE}=`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    for (const gateway of [first, second]) {
      for (const path of ['/api/auth/session', '/api/auth/me', '/api/staff']) expect({ path, status: await read(path, copy, gateway) }).toEqual({ path, status: 401 });
    }
    expect(await read('/api/auth/me', `${COOKIE}=${renewed(signedOut.token)}`)).toBe(401);
    expect(await read('/api/auth/session', other.cookie)).toBe(200);
    // A program's token of the same person is no page session: untouched.
    expect((await first.call('GET', '/api/auth/me', { token: await first.signIn('/api/auth/login', admin.email, admin.password) })).status).toBe(200);
  });

  test('a portal session likewise', async () => {
    const contact = await insertActiveContact(first.databaseUrl);
    const session = await openSession('/api/portal/session', { email: contact.email, password: contact.password });
    expect(await read('/api/portal/session', session.cookie)).toBe(200);
    expect((await signOut('/api/portal/session', session.cookie)).status).toBe(204);
    expect(await read('/api/portal/session', session.cookie, second)).toBe(401);
    expect(await read('/api/auth/me', `${COOKIE}=${renewed(session.token)}`)).toBe(401);
  });

  test("the page's own token, expired while a copy was kept renewed, still ends the session; the cookie lives as long as the session can", async () => {
    const response = await fetch(url('/api/auth/session'), { method: 'POST', headers: { 'content-type': 'application/json', ...sameOrigin }, body: JSON.stringify(admin) });
    expect(response.headers.getSetCookie().find((l) => l.startsWith(`${COOKIE}=`))).toMatch(/Max-Age=43200\b/);
    const session = await openSession('/api/auth/session', admin);
    const { iat: _iat, exp: _exp, ...claims } = jwt.decode(session.token) as jwt.JwtPayload;
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ ...claims, iat: now - 7200, exp: now - 3600 }, secretKey(testSecrets.jwt), { algorithm: 'HS256' });
    const copy = `${COOKIE}=${renewed(session.token)}`;
    expect(await read('/api/auth/me', `${COOKIE}=${expired}`)).toBe(401);
    expect(await read('/api/auth/me', copy)).toBe(200);

    expect((await signOut('/api/auth/session', `${COOKIE}=${expired}`)).status).toBe(204);
    expect(await read('/api/auth/me', copy)).toBe(401);
  });

  test('signing out without a session, or with a token no longer valid, only clears the cookie', async () => {
    for (const cookie of ['', `${COOKIE}=not-a-token`, `${COOKIE}=${jwt.sign({ kind: 'staff', sid: 'x' }, 'another secret')}`]) {
      const ended = await signOut('/api/auth/session', cookie);
      expect({ cookie, status: ended.status }).toEqual({ cookie, status: 204 });
    }
  });

  test('the revocation is checked by the one statement that reads the principal', async () => {
    const session = await openSession('/api/auth/session', admin);
    await signOut('/api/auth/session', session.cookie);
    const { statements } = await statementsOn(db, () => expect(authenticate(db, testSecrets.jwt, session.token)).rejects.toMatchObject({ kind: 'unauthorized' }));
    expect(statements).toHaveLength(1);
  });

  test('a revocation is kept until every token of its session has expired, then purged', async () => {
    const session = await openSession('/api/auth/session', admin);
    const { sid, sst } = jwt.decode(session.token) as jwt.JwtPayload;
    await signOut('/api/auth/session', session.cookie);
    const [row] = await queryDatabase<{ keptSeconds: string }>(first.databaseUrl, 'SELECT extract(epoch FROM expires_at)::int - $2::int AS "keptSeconds" FROM revoked_sessions WHERE session_id = $1', [sid, sst]);
    // The session's 12 hours, and the clock tolerance.
    expect(Number(row!.keptSeconds)).toBe(12 * 60 * 60 + 5);

    const purge = gatewayService.purges!(first.gateway).find((p) => p.what === 'revoked sessions')!;
    expect(await purge.purge(1000)).toBe(0);
    await queryDatabase(first.databaseUrl, "UPDATE revoked_sessions SET expires_at = now() - interval '1 second' WHERE session_id = $1", [sid]);
    expect(await purge.purge(1000)).toBe(1);
    expect(await queryDatabase(first.databaseUrl, 'SELECT 1 FROM revoked_sessions WHERE session_id = $1', [sid])).toEqual([]);
  });
});
