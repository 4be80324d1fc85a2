import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { allPermissionNames } from '@helpdesk/http';
import { startSystem, type System } from './support/system';

/**
 * The bad inputs of issue 10 point 8, through the gateway to the gateway's own routes and to the
 * services': each gets the right status and a problem document that says what to do.
 */
describe('errors a person can act on', () => {
  let system: System;
  let token: string;

  beforeAll(async () => {
    system = await startSystem();
    token = await system.logInAsAdmin();
  });
  afterAll(() => system?.stop());

  async function send(method: string, path: string, options: { body?: string | Uint8Array; contentType?: string; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${system.services.gateway.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(options.contentType ? { 'content-type': options.contentType } : {}),
        ...options.headers,
      },
      body: options.body,
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    return { status: response.status, headers: response.headers, problem: JSON.parse(text) };
  }
  const json = 'application/json';

  it.each([
    ['the sign-in (the gateway, 16 kB)', '/api/auth/login', 17 * 1024, '16 kB'],
    ['a staff change (the gateway, 64 kB)', '/api/staff', 65 * 1024, '64 kB'],
    ['a new customer (the customers service, 1 MB)', '/api/customers', 1024 * 1024 + 10, '1 MB'],
  ])("413 names the route's own limit: %s", async (_name, path, size, limit) => {
    const answer = await send('POST', path, { body: JSON.stringify({ name: 'x'.repeat(size) }), contentType: json });
    expect(answer.status).toBe(413);
    expect(answer.problem.detail).toBe(`The request body is larger than this route takes (${limit}): send less.`);
  });

  it.each([
    ['/api/auth/login', 'text/plain', 'name=Acme'],
    ['/api/customers', 'application/x-www-form-urlencoded', 'name=Acme'],
    ['/api/customers', undefined, '{"name":"Acme"}'],
  ])('a body that is not sent as JSON is a 415 (%s, %s)', async (path, contentType, body) => {
    const answer = await send('POST', path, { body, contentType });
    expect(answer.status).toBe(415);
    expect(answer.problem.detail).toMatch(/^The request body must be JSON sent with Content-Type: application\/json \(this request (said .+|named no type)\)\.$/);
  });

  it.each(['/api/auth/login', '/api/customers'])('a body sent with a content encoding is a 415, not inflated (%s)', async (path) => {
    // The services check the digest of the bytes as sent (the gateway's assertion covers them), so they take them as they are.
    const body = gzipSync(JSON.stringify({ name: `Zipped ${randomUUID().slice(0, 8)}`, email: 'a@b.example', password: 'x' }));
    const answer = await send('POST', path, { body, contentType: json, headers: { 'content-encoding': 'gzip' } });
    expect(answer.status).toBe(415);
    expect(answer.problem.detail).toMatch(/^The request body must be JSON in UTF-8, sent without a content encoding \(.+\)\.$/);
  });

  it.each([
    ['null', 'null'],
    ['"hello"', 'a string'],
    ['42', 'a number'],
    ['[]', 'a list'],
  ])('the JSON body %s is a 400 saying the body must be a JSON object', async (body, got) => {
    for (const path of ['/api/auth/login', '/api/customers', '/api/staff']) {
      const answer = await send('POST', path, { body, contentType: json });
      expect(answer.status).toBe(400);
      expect(answer.problem.detail).toBe(`The request body must be a JSON object ({"field": value, …}), not ${got}.`);
      expect(answer.problem.errors).toEqual([{ pointer: '/', message: 'must be a JSON object' }]);
    }
  });

  it('JSON that does not parse is still called that', async () => {
    const answer = await send('POST', '/api/customers', { body: '{"name":', contentType: json });
    expect(answer.status).toBe(400);
    expect(answer.problem.detail).toMatch(/^The request body is not valid JSON \(.+\)\.$/);
  });

  it('a value outside a choice names the allowed values once', async () => {
    const staff = await send('POST', '/api/staff', {
      body: JSON.stringify({ email: 'new.agent@helpdesk.test', name: 'New', password: 'a long agent password', permissions: ['tickets.everything'] }),
      contentType: json,
    });
    expect(staff.status).toBe(400);
    expect(staff.problem.errors).toEqual([{ pointer: '/permissions/0', message: `must be one of ${allPermissionNames.map((p) => `"${p}"`).join(', ')}` }]);
    expect(staff.problem.detail).not.toContain('constant');

    const ticket = await send('POST', '/api/tickets', { body: JSON.stringify({ subject: 'Printer', description: 'Offline.', priority: 'asap' }), contentType: json });
    expect(ticket.status).toBe(400);
    expect(ticket.problem.errors).toEqual([{ pointer: '/priority', message: 'must be one of "low", "normal", "high", "urgent"' }]);
  });

  it.each([
    ['DELETE', '/api/auth/login', 'POST'],
    ['PATCH', '/api/staff', 'GET, HEAD, POST'],
    ['PUT', '/api/customers', 'GET, HEAD, POST'],
    ['POST', `/api/tickets/${randomUUID()}/status`, 'PUT'],
  ])('a wrong method on a known path is a 405 with Allow: %s %s', async (method, path, allow) => {
    const answer = await send(method, path, method === 'DELETE' ? {} : { body: '{}', contentType: json });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe(allow);
    expect(answer.problem.detail).toMatch(new RegExp(`does not take ${method}; it takes ${allow}\\.$`));
  });

  it('an unknown path is still a 404', async () => {
    expect((await send('GET', '/api/customers/not/a/route')).status).toBe(404);
  });

  it.each([
    ['at the gateway', 20_000],
    // Under the gateway's limit, over the service's once the gateway's own headers are added.
    ['at the service behind it', 16 * 1024 - 600],
  ])('oversized headers are a 431 problem document %s', async (_where, size) => {
    const answer = await send('GET', '/api/customers', { headers: { 'x-filler': 'x'.repeat(size) } });
    expect(answer.status).toBe(431);
    expect(answer.problem).toMatchObject({ status: 431, title: 'Request header fields too large' });
    expect(answer.problem.detail).toMatch(/headers are larger than/);
  });

  it('the 431 of the service behind the gateway is its own: the gateway took those headers', async () => {
    const headers = { authorization: `Bearer ${token}`, 'x-filler': 'x'.repeat(16 * 1024 - 600) };
    expect((await fetch(`${system.services.gateway.url}/api/auth/me`, { headers })).status).toBe(200);
    expect((await fetch(`${system.services.gateway.url}/api/customers`, { headers })).status).toBe(431);
  });
});
