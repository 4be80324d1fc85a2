import jwt from 'jsonwebtoken';
import { secretKey } from '@helpdesk/http';
import { testSecrets } from '@helpdesk/testing';
import { admin, startGateway } from './support';

const COOKIE = '__Host-helpdesk_session';

/** The pages' sessions: the token in an HttpOnly cookie, changes only with the session's CSRF token from our own origin. */
describe('browser sessions', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.stop();
  });

  const url = (path: string) => `${gateway.gateway.url}${path}`;
  const sameOrigin = { 'sec-fetch-site': 'same-origin' };

  async function openSession(headers: Record<string, string> = sameOrigin) {
    const response = await fetch(url('/api/auth/session'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const setCookie = response.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
    const token = setCookie?.slice(COOKIE.length + 1, setCookie.indexOf(';'));
    return { response, body: (await response.json()) as Record<string, unknown>, setCookie, cookie: `${COOKIE}=${token}`, token };
  }

  const newStaffBody = (email: string) => JSON.stringify({ email, name: 'Page Agent', password: 'a long enough password', role: 'agent', permissions: [] });
  const staffCount = async () => ((await gateway.call('GET', '/api/staff', { token: await gateway.signIn('/api/auth/login', admin.email, admin.password) })).body.items as unknown[]).length;

  test('signing in on a page sets an HttpOnly, Secure, SameSite=Strict cookie and answers the CSRF token, never the access token', async () => {
    const { response, body, setCookie } = await openSession();
    expect(response.status).toBe(201);
    expect(setCookie).toMatch(/; HttpOnly/i);
    expect(setCookie).toMatch(/; Secure/i);
    expect(setCookie).toMatch(/; SameSite=Strict/i);
    expect(setCookie).toMatch(/; Path=\/(;|$)/);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect(body).toEqual(expect.objectContaining({ csrfToken: expect.any(String) }));
    expect(JSON.stringify(body)).not.toContain('accessToken');
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('the session answers who is signed in and the same CSRF token', async () => {
    const { cookie, body } = await openSession();
    const read = await fetch(url('/api/auth/session'), { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(await read.json()).toEqual({ principal: expect.objectContaining({ kind: 'staff', role: 'admin' }), csrfToken: body.csrfToken });
  });

  test('a change under the cookie without the CSRF token, with another session\'s, or from another site is refused and changes nothing', async () => {
    const { cookie, body } = await openSession();
    const other = await openSession();
    const before = await staffCount();
    const attempts: Array<Record<string, string>> = [
      { ...sameOrigin },
      { ...sameOrigin, 'x-csrf-token': String(other.body.csrfToken) },
      { 'sec-fetch-site': 'cross-site', 'x-csrf-token': String(body.csrfToken) },
      { origin: 'https://attacker.example', 'x-csrf-token': String(body.csrfToken) },
    ];
    for (const headers of attempts) {
      const answer = await fetch(url('/api/staff'), { method: 'POST', headers: { cookie, 'content-type': 'application/json', ...headers }, body: newStaffBody('refused@helpdesk.test') });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 403 });
      expect(answer.headers.get('content-type')).toMatch(/application\/problem\+json/);
    }
    expect(await staffCount()).toBe(before);
    const allowed = await fetch(url('/api/staff'), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': String(body.csrfToken), origin: gateway.gateway.url, ...sameOrigin },
      body: newStaffBody('page.agent@helpdesk.test'),
    });
    expect(allowed.status).toBe(201);
  });

  test('a sign-in another site starts sets no cookie', async () => {
    const { response, setCookie } = await openSession({ 'sec-fetch-site': 'cross-site' });
    expect(response.status).toBe(403);
    expect(setCookie).toBeUndefined();
  });

  test('a token past half its life is renewed in the cookie, with the same session and CSRF token', async () => {
    const { token, body } = await openSession();
    const claims = jwt.decode(token!) as jwt.JwtPayload;
    const ttl = claims.exp! - claims.iat!;
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const old = jwt.sign({ ...rest, iat: Math.floor(Date.now() / 1000) - Math.ceil(ttl * 0.6) }, secretKey(testSecrets.jwt), { algorithm: 'HS256', expiresIn: ttl });
    const read = await fetch(url('/api/auth/session'), { headers: { cookie: `${COOKIE}=${old}` } });
    expect(read.status).toBe(200);
    const renewed = read.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`));
    expect(renewed).toBeDefined();
    const fresh = jwt.decode(renewed!.slice(COOKIE.length + 1, renewed!.indexOf(';'))) as jwt.JwtPayload;
    expect(fresh.sid).toBe(claims.sid);
    expect(fresh.iat!).toBeGreaterThan(claims.iat! - 1);
    expect(((await read.json()) as Record<string, unknown>).csrfToken).toBe(body.csrfToken);
    // A young token is left as it is.
    const young = await fetch(url('/api/auth/session'), { headers: { cookie: `${COOKIE}=${token}` } });
    expect(young.headers.getSetCookie()).toEqual([]);
  });

  test('a session ends 12 hours after its sign-in: its token is no longer renewed and the CSRF token of another session does not pass', async () => {
    const { token } = await openSession();
    const claims = jwt.decode(token!) as jwt.JwtPayload;
    const ttl = claims.exp! - claims.iat!;
    const { iat: _iat, exp: _exp, ...rest } = claims;
    const now = Math.floor(Date.now() / 1000);
    const sign = (startedSecondsAgo: number) =>
      jwt.sign({ ...rest, sst: now - startedSecondsAgo, iat: now - Math.ceil(ttl * 0.6) }, secretKey(testSecrets.jwt), { algorithm: 'HS256', expiresIn: ttl });
    const renewedFor = async (startedSecondsAgo: number) =>
      (await fetch(url('/api/auth/session'), { headers: { cookie: `${COOKIE}=${sign(startedSecondsAgo)}` } })).headers.getSetCookie().some((line) => line.startsWith(`${COOKIE}=`));
    expect(await renewedFor(60 * 60)).toBe(true);
    expect(await renewedFor(12 * 60 * 60 - 60)).toBe(false);
    // The renewed token carries the session's start on.
    const renewed = (await fetch(url('/api/auth/session'), { headers: { cookie: `${COOKIE}=${sign(2 * 60 * 60)}` } })).headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`))!;
    expect((jwt.decode(renewed.slice(COOKIE.length + 1, renewed.indexOf(';'))) as jwt.JwtPayload).sst).toBe(now - 2 * 60 * 60);
  });

  test('signing out clears the cookie; a bearer token has no page session to read', async () => {
    const { cookie } = await openSession();
    const ended = await fetch(url('/api/auth/session'), { method: 'DELETE', headers: { cookie, ...sameOrigin } });
    expect(ended.status).toBe(204);
    expect(ended.headers.getSetCookie().find((line) => line.startsWith(`${COOKIE}=`))).toMatch(/Expires=Thu, 01 Jan 1970/);
    const token = await gateway.signIn('/api/auth/login', admin.email, admin.password);
    const read = await gateway.call('GET', '/api/auth/session', { token });
    expect(read.status).toBe(401);
  });
});

describe('the pages', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  beforeAll(async () => {
    gateway = await startGateway();
  });
  afterAll(async () => {
    await gateway.stop();
  });
  const url = (path: string) => `${gateway.gateway.url}${path}`;

  test.each(['/portal/', '/portal/tickets/some-ticket', '/staff/', '/staff/tickets'])('%s is its application\'s page under a strict Content-Security-Policy', async (path) => {
    const page = await fetch(url(path));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    const html = await page.text();
    expect(html).toContain(`src="/assets/${path.split('/')[1]}-`);
    expect(html).not.toMatch(/<script>(?!<\/script>)|<script(?![^>]*\bsrc=)[^>]*>/);
  });

  test('assets are kept for a year; an unknown one is a 404; / leads to the portal', async () => {
    const html = await (await fetch(url('/staff/'))).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(url(script));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/max-age=31536000.*immutable/);
    expect((await fetch(url('/assets/none.js'))).status).toBe(404);
    const root = await fetch(url('/'), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/portal/');
  });
});
