import jwt from 'jsonwebtoken';
import { dropTestDatabases, newTestDatabaseUrl, queryDatabase, testSecrets } from '@helpdesk/testing';
import { admin, startGateway } from './support';

describe('gateway authentication', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  const login = (body: unknown) =>
    fetch(`${g.gateway.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const me = (token: string) => fetch(`${g.gateway.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
  let databaseUrl: string;

  beforeAll(async () => {
    // Two gateways starting at once on an empty database create one administrator between them.
    databaseUrl = newTestDatabaseUrl('gateway');
    const [first, second] = await Promise.all([startGateway({ databaseUrl }), startGateway({ databaseUrl })]);
    await second.stop({ keepDatabase: true });
    g = first;
  });
  afterAll(() => g.stop());

  it('creates the first administrator from the configuration, once, with an argon2id hash', async () => {
    const users = await queryDatabase<{ email: string; role: string; password_hash: string }>(databaseUrl, 'SELECT email, role, password_hash FROM staff_users');
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: admin.email, role: 'admin' });
    expect(users[0]!.password_hash).toMatch(/^\$argon2id\$/);
    expect(users[0]!.password_hash).not.toContain(admin.password);
  });

  it('logs in with email and password and returns a pinned, audience-bound, expiring JWT', async () => {
    const response = await login({ email: 'First.Admin@helpdesk.test', password: admin.password });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = await response.json();
    expect(body).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, user: { email: admin.email, role: 'admin' } });
    const decoded = jwt.decode(body.accessToken, { complete: true })!;
    expect(decoded.header.alg).toBe('HS256');
    expect(decoded.payload).toMatchObject({ iss: 'helpdesk-gateway', aud: 'helpdesk-api', kind: 'staff' });
    expect((decoded.payload as jwt.JwtPayload).exp! - (decoded.payload as jwt.JwtPayload).iat!).toBe(3600);
    expect(await (await me(body.accessToken)).json()).toMatchObject({ kind: 'staff', role: 'admin' });
  });

  it('answers a wrong password and an unknown account alike', async () => {
    const wrong = await login({ email: admin.email, password: 'not the password' });
    const unknown = await login({ email: 'nobody@helpdesk.test', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await wrong.json()).detail).toBe((await unknown.json()).detail);
  });

  it.each([
    ['no body', undefined],
    ['a missing password', { email: admin.email }],
    ['a malformed email', { email: 'admin', password: 'x' }],
    ['a password of the wrong type', { email: admin.email, password: 123 }],
  ])('answers %s with a 400 problem', async (_case, body) => {
    const response = await login(body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses tokens that are forged, unsigned, expired, for another audience or of a deactivated user', async () => {
    const sub = (await queryDatabase<{ id: string }>(databaseUrl, 'SELECT id FROM staff_users'))[0]!.id;
    const claims = { kind: 'staff' };
    const base = { subject: sub, issuer: 'helpdesk-gateway', audience: 'helpdesk-api', expiresIn: 600 } as const;
    const forged = jwt.sign(claims, 'another secret of at least thirty-two chars', { ...base, algorithm: 'HS256' });
    const unsigned = jwt.sign(claims, '', { ...base, algorithm: 'none' });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, testSecrets.jwt, { subject: sub, issuer: 'helpdesk-gateway', audience: 'helpdesk-api', algorithm: 'HS256' });
    const otherAudience = jwt.sign(claims, testSecrets.jwt, { ...base, audience: 'another-api', algorithm: 'HS256' });
    const valid = jwt.sign(claims, testSecrets.jwt, { ...base, algorithm: 'HS256' });
    for (const token of [forged, unsigned, expired, otherAudience, 'not-a-jwt']) expect((await me(token)).status).toBe(401);
    expect((await me(valid)).status).toBe(200);
    // A few seconds of clock difference between the machine that signed and this one are tolerated (5 s), no more.
    const justExpired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 2 }, testSecrets.jwt, { subject: sub, issuer: 'helpdesk-gateway', audience: 'helpdesk-api', algorithm: 'HS256' });
    expect((await me(justExpired)).status).toBe(200);

    await queryDatabase(databaseUrl, 'UPDATE staff_users SET active = false');
    try {
      expect((await me(valid)).status).toBe(401);
    } finally {
      await queryDatabase(databaseUrl, 'UPDATE staff_users SET active = true');
    }
  });

  it('answers 503 with a problem when the owning service is not reachable', async () => {
    const token = (await (await login(admin)).json()).accessToken;
    const response = await fetch(`${g.gateway.url}/api/tickets`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await response.json()).detail).toMatch(/tickets service is not reachable/);
  });

  it('refuses to start on an empty database without a configured administrator', async () => {
    const emptyDb = newTestDatabaseUrl('gateway_empty');
    try {
      await expect(startGateway({ databaseUrl: emptyDb, env: { ADMIN_EMAIL: '', ADMIN_PASSWORD: '' } })).rejects.toThrow('no staff user exists yet: set ADMIN_EMAIL and ADMIN_PASSWORD to create the first administrator');
    } finally {
      await dropTestDatabases([emptyDb]);
    }
  });
});
