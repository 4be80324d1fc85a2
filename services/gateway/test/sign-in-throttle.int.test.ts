import http from 'node:http';
import { newTestDatabaseUrl, queryDatabase } from '@helpdesk/testing';
import { gatewayService } from '../src/service';
import { admin, startGateway } from './support';

type Gateway = Awaited<ReturnType<typeof startGateway>>;
type Credentials = { email: string; password: string };

/**
 * A sign-in sent from a loopback address of our choosing (Linux answers on all of 127.0.0.0/8), so
 * that one test process can be several clients as the gateway sees them.
 */
function signInFrom(g: Gateway, from: string, body: Credentials, headers: Record<string, string> = {}) {
  const url = new URL('/api/auth/login', g.gateway.url);
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; retryAfter: number; detail?: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    const request = http.request(
      url,
      { method: 'POST', localAddress: from, agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, retryAfter: Number(response.headers['retry-after'] ?? 0), detail: JSON.parse(text).detail, headers: response.headers }),
        );
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A gateway behind a proxy at 127.0.0.1 (TRUSTED_PROXIES), and a sign-in as that proxy forwards one for `client`. */
async function withProxiedGateway(
  test: (proxied: Gateway, viaProxy: (client: string, body: Credentials, headers?: Record<string, string>) => ReturnType<typeof signInFrom>) => Promise<void>,
) {
  const proxied = await startGateway({ env: { TRUSTED_PROXIES: '127.0.0.1/32' } });
  try {
    await test(proxied, (client, body, headers = {}) => signInFrom(proxied, '127.0.0.1', body, { ...headers, 'x-forwarded-for': client }));
  } finally {
    await proxied.stop();
  }
}

const wrong = (i: number | string) => ({ email: admin.email, password: `wrong guess ${i}` });

/** The device cookie a successful sign-in set, as the browser sends it back (`name=value`). */
function deviceCookieOf(answer: { headers: http.IncomingHttpHeaders }): string {
  const cookie = (answer.headers['set-cookie'] ?? []).find((c) => c.startsWith('helpdesk_device='));
  if (!cookie) throw new Error(`no device cookie was set: ${JSON.stringify(answer.headers['set-cookie'])}`);
  return cookie.split(';')[0]!;
}
const statusesOf = (answers: Array<{ status: number }>) => answers.map((a) => a.status);

describe('sign-in throttling by (account, address) pair and by address', () => {
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway();
  });
  afterAll(() => g.stop());
  // Each test starts from no failures, as if a day had passed.
  afterEach(() => queryDatabase(g.databaseUrl, 'DELETE FROM sign_in_throttles'));

  it('counts parallel guesses one by one: only the free failures of the pair reach the password check', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signInFrom(g, '127.0.0.2', wrong(i))));
    const statuses = statusesOf(answers);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(15);
  });

  it('500 wrong passwords for one account from several addresses: the owner, from their own address, signs in at once; the attackers wait', async () => {
    const attackers = ['127.0.0.11', '127.0.0.12', '127.0.0.13', '127.0.0.14', '127.0.0.15'];
    const byAttacker = await Promise.all(
      attackers.map(async (from, a) => {
        const answers = [];
        // Without a trusted proxy, a forged X-Forwarded-For changes nothing: the peer is the client.
        for (let i = 0; i < 100; i++) answers.push(await signInFrom(g, from, wrong(`${a}-${i}`), { 'x-forwarded-for': `198.51.100.${i}` }));
        return answers;
      }),
    );
    for (const answers of byAttacker) {
      expect(statusesOf(answers.slice(0, 5))).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(statusesOf(answers.slice(5)))).toEqual(new Set([429]));
      const last = answers.at(-1)!;
      expect(last.retryAfter).toBeGreaterThan(0);
      expect(last.retryAfter).toBeLessThanOrEqual(30);
      expect(last.detail).toMatch(/^Too many failed sign-ins for this account from your network address\. Try again in \d+ seconds\.$/);
    }

    // The owner, from their own address, gets in at once, and a typing mistake there costs nothing yet.
    expect((await signInFrom(g, '127.0.0.20', admin)).status).toBe(200);
    expect((await signInFrom(g, '127.0.0.20', wrong('typo'))).status).toBe(401);
    expect((await signInFrom(g, '127.0.0.20', admin)).status).toBe(200);

    // An attacker's address stays slowed for this account until its delay has passed ...
    expect((await signInFrom(g, '127.0.0.11', admin)).status).toBe(429);
    await queryDatabase(g.databaseUrl, "UPDATE sign_in_throttles SET last_failure_at = now() - interval '1 hour' WHERE key LIKE 'pair:%127.0.0.11'");
    // ... then one attempt is let through; the owner's success there starts that pair over.
    expect((await signInFrom(g, '127.0.0.11', admin)).status).toBe(200);
    expect(await queryDatabase(g.databaseUrl, "SELECT failures, signed_in_at IS NOT NULL AS known FROM sign_in_throttles WHERE key LIKE 'pair:%127.0.0.11'")).toEqual([
      { failures: 0, known: true },
    ]);
    expect((await signInFrom(g, '127.0.0.11', wrong('after'))).status).toBe(401);
  });

  it('slows an address that tries many accounts, and a success from it neither locks it again nor is slowed by the one before', async () => {
    const from = '127.0.0.30';
    for (let i = 0; i < 20; i++) expect((await signInFrom(g, from, { email: `user${i}@helpdesk.test`, password: 'guess' })).status).toBe(401);
    const slowed = await signInFrom(g, from, { email: 'user20@helpdesk.test', password: 'guess' });
    expect(slowed.status).toBe(429);
    expect(slowed.detail).toMatch(/^Too many failed sign-ins from your network address\. Try again in \d+ seconds\.$/);
    expect((await signInFrom(g, from, admin)).status).toBe(429);

    // Once the address's delay has passed, people behind it sign in one after another ...
    await queryDatabase(g.databaseUrl, "UPDATE sign_in_throttles SET last_failure_at = now() - interval '11 seconds' WHERE key = 'address:127.0.0.30'");
    for (let i = 0; i < 3; i++) expect((await signInFrom(g, from, admin)).status).toBe(200);
    // ... while guesses from it are still let through only one per (growing) delay.
    expect((await signInFrom(g, from, { email: 'user21@helpdesk.test', password: 'guess' })).status).toBe(401);
    expect((await signInFrom(g, from, { email: 'user22@helpdesk.test', password: 'guess' })).status).toBe(429);
  });

  it('takes an IPv6 client by its /64 and keeps its rows only until they expire', () =>
    withProxiedGateway(async (proxied, viaProxy) => {
      for (let i = 0; i < 5; i++) expect((await viaProxy('2001:db8:1:2::1', wrong(i))).status).toBe(401);
      expect((await viaProxy('2001:db8:1:2::99', admin)).status).toBe(429);
      expect((await viaProxy('2001:db8:1:3::1', wrong('other /64'))).status).toBe(401);

      const rows = await queryDatabase<{ key: string; keptHours: number }>(
        proxied.databaseUrl,
        'SELECT key, round(extract(epoch FROM expires_at - last_failure_at) / 3600) AS "keptHours" FROM sign_in_throttles ORDER BY key',
      );
      expect(rows.map((r) => [r.key, Number(r.keptHours)])).toEqual([
        [`account:staff:${admin.email}`, 24],
        ['address:2001:db8:1:2::/64', 1],
        ['address:2001:db8:1:3::/64', 1],
        [`pair:staff:${admin.email}:2001:db8:1:2::/64`, 24],
        [`pair:staff:${admin.email}:2001:db8:1:3::/64`, 24],
      ]);
      await queryDatabase(proxied.databaseUrl, "UPDATE sign_in_throttles SET expires_at = now() - interval '1 second' WHERE key LIKE '%2001:db8:1:2::/64'");
      const [purge] = gatewayService.purges!(proxied.gateway);
      expect(await purge!.purge(1000)).toBe(2);
      expect((await queryDatabase<{ key: string }>(proxied.databaseUrl, 'SELECT key FROM sign_in_throttles ORDER BY key')).map((r) => r.key)).toEqual([
        `account:staff:${admin.email}`,
        'address:2001:db8:1:3::/64',
        `pair:staff:${admin.email}:2001:db8:1:3::/64`,
      ]);
    }));

  it('behind a trusted proxy tells two clients apart, and believes X-Forwarded-For from the proxy only', () =>
    withProxiedGateway(async (proxied, viaProxy) => {
      for (let i = 0; i < 5; i++) expect((await viaProxy('198.51.100.1', wrong(i))).status).toBe(401);
      expect((await viaProxy('198.51.100.1', admin)).status).toBe(429);
      // Another client behind the same proxy: its own count, and in at once.
      expect((await viaProxy('198.51.100.2', wrong('b'))).status).toBe(401);
      expect((await viaProxy('198.51.100.2', admin)).status).toBe(200);
      // The client is the last address the trusted proxy added, not what the client itself claimed before it.
      expect((await viaProxy('203.0.113.9, 198.51.100.1', admin)).status).toBe(429);

      // A peer that is not a trusted proxy cannot name another client to escape its own count.
      for (let i = 0; i < 5; i++) expect((await signInFrom(proxied, '127.0.0.2', wrong(i), { 'x-forwarded-for': `198.51.100.${50 + i}` })).status).toBe(401);
      expect((await signInFrom(proxied, '127.0.0.2', wrong(9), { 'x-forwarded-for': '198.51.100.99' })).status).toBe(429);
    }));

  it('slows guessing spread over many networks for networks the account is not known from, never for the owner at theirs', () =>
    withProxiedGateway(async (_proxied, viaProxy) => {
      expect((await viaProxy('198.51.100.1', admin)).status).toBe(200);
      // One guess from each of 100 IPv6 networks: no pair and no network is over its free failures.
      for (let i = 1; i <= 100; i++) expect((await viaProxy(`2001:db8:${i.toString(16)}::1`, wrong(i))).status).toBe(401);

      const fromNewNetwork = await viaProxy('2001:db8:ffff::1', wrong('next'));
      expect(fromNewNetwork.status).toBe(429);
      expect(fromNewNetwork.detail).toMatch(/^Too many failed sign-ins for this account from networks it has not signed in from lately\. Try again in \d+ seconds\.$/);
      expect(fromNewNetwork.retryAfter).toBeLessThanOrEqual(10);
      // The owner at the network they signed in from is not slowed; from a new one they wait like anyone else there.
      expect((await viaProxy('198.51.100.1', admin)).status).toBe(200);
      expect((await viaProxy('198.51.100.2', admin)).status).toBe(429);
    }));

  it('lets the owner behind the guesser\'s network address (an office NAT) sign in at once from a device they signed in from before', () =>
    withProxiedGateway(async (_proxied, viaProxy) => {
      const office = '10.0.0.1';
      const earlier = await viaProxy(office, admin);
      expect(earlier.status).toBe(200);
      const device = deviceCookieOf(earlier);
      const attributes = earlier.headers['set-cookie']!.find((c) => c.startsWith('helpdesk_device='))!.split(/;\s*/).slice(1).map((a) => a.toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['path=/api/auth/login', 'httponly', 'samesite=strict', expect.stringMatching(/^expires=/)]));
      // Plain HTTP here: Secure is set only when the client came over TLS (else the browser would drop the cookie).
      expect(attributes).not.toContain('secure');

      // A guesser at the same address: the pair waits, then the whole address (20 accounts tried).
      for (let i = 0; i < 5; i++) expect((await viaProxy(office, wrong(i))).status).toBe(401);
      expect((await viaProxy(office, admin)).status).toBe(429);
      expect((await viaProxy(office, admin, { cookie: device })).status).toBe(200);
      for (let i = 0; i < 20; i++) await viaProxy(office, { email: `colleague${i}@helpdesk.test`, password: 'guess' });
      expect((await viaProxy(office, { email: 'colleague99@helpdesk.test', password: 'guess' })).status).toBe(429);
      const owner = await viaProxy(office, admin, { cookie: `other=1; ${device}` });
      expect(owner.status).toBe(200);
      // Every sign-in renews the cookie, so a device in daily use keeps it.
      expect(deviceCookieOf(owner)).toMatch(/^helpdesk_device=/);
      // The owner's success from the device gives the guesser nothing: the pair still waits.
      expect((await viaProxy(office, wrong('after'))).status).toBe(429);

      // Over TLS (as the trusted proxy says), the cookie is Secure.
      const overTls = await viaProxy(office, admin, { cookie: device, 'x-forwarded-proto': 'https' });
      expect(overTls.status).toBe(200);
      expect(overTls.headers['set-cookie']!.find((c) => c.startsWith('helpdesk_device='))!.toLowerCase().split(/;\s*/)).toContain('secure');
    }));

  it('takes a device cookie for its own account only, never a forged one, and not once the device itself has guessed', async () => {
    const device = deviceCookieOf(await signInFrom(g, '127.0.0.60', admin));
    const at = device.length - 10;
    const forged = `${device.slice(0, at)}${device[at] === 'A' ? 'B' : 'A'}${device.slice(at + 1)}`;

    // Another account: the owner's cookie does not lift the waits of someone guessing it.
    for (let i = 0; i < 5; i++) expect((await signInFrom(g, '127.0.0.61', { email: 'someone.else@helpdesk.test', password: `guess ${i}` })).status).toBe(401);
    expect((await signInFrom(g, '127.0.0.61', { email: 'someone.else@helpdesk.test', password: 'guess 5' }, { cookie: device })).status).toBe(429);

    // A forged cookie (one character of its signature changed) lifts nothing; the real one does.
    for (let i = 0; i < 5; i++) expect((await signInFrom(g, '127.0.0.62', wrong(i))).status).toBe(401);
    expect((await signInFrom(g, '127.0.0.62', admin, { cookie: forged })).status).toBe(429);
    expect((await signInFrom(g, '127.0.0.62', admin, { cookie: 'helpdesk_device=garbage' })).status).toBe(429);
    expect((await signInFrom(g, '127.0.0.62', admin, { cookie: device })).status).toBe(200);

    // A stolen cookie that guesses: its own free failures, then it lifts nothing and the address's waits apply.
    for (let i = 0; i < 5; i++) expect((await signInFrom(g, '127.0.0.62', wrong(`device ${i}`), { cookie: device })).status).toBe(401);
    const spent = await signInFrom(g, '127.0.0.62', admin, { cookie: device });
    expect(spent.status).toBe(429);
    expect(spent.detail).toMatch(/^Too many failed sign-ins for this account from your network address\./);
    // From an address without failures the spent cookie is simply no cookie: the right password gets in, and the device is trusted again.
    expect((await signInFrom(g, '127.0.0.63', admin, { cookie: device })).status).toBe(200);
    expect((await signInFrom(g, '127.0.0.62', admin, { cookie: device })).status).toBe(200);
  });

  it('keeps the count in the database: another gateway instance makes the same pair wait', async () => {
    const databaseUrl = newTestDatabaseUrl('gateway_throttle');
    const first = await startGateway({ databaseUrl });
    const second = await startGateway({ databaseUrl, busPrefix: first.busPrefix });
    try {
      for (let i = 0; i < 5; i++) expect((await signInFrom(first, '127.0.0.40', wrong(i))).status).toBe(401);
      const waiting = await signInFrom(second, '127.0.0.40', admin);
      expect(waiting.status).toBe(429);
      expect(waiting.retryAfter).toBeGreaterThan(0);
      expect((await signInFrom(second, '127.0.0.41', admin)).status).toBe(200);
    } finally {
      await second.stop({ keepDatabase: true });
      await first.stop();
    }
  });
});
