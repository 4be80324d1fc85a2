import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { admin, startGateway } from './support';

/** What every answer of ours carries, whatever its status: nothing in it may run, be framed, sniffed or kept. */
function expectSecurityHeaders(headers: Headers) {
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(headers.get('content-security-policy')).toContain("default-src 'none'");
  expect(headers.get('x-frame-options')).toBe('DENY');
  expect(headers.get('cache-control')).toBe('no-store');
}

/**
 * An instance of the tickets service as another server might be: it answers errors without a problem
 * document (Node's own empty 431, a text 404, an HTML 500) and its successes without security headers.
 */
async function startBareUpstream() {
  const server = http.createServer((req, res) => {
    if (req.url === '/api/tickets/bare-431') res.writeHead(431).end();
    else if (req.url === '/api/tickets/bare-404') res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
    else if (req.url === '/api/tickets/bare-500') res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>');
    else if (req.url === '/api/tickets/bare-405') res.writeHead(405, { allow: 'GET' }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('every answer of the gateway', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let upstream: Awaited<ReturnType<typeof startBareUpstream>>;
  let token: string;

  beforeAll(async () => {
    upstream = await startBareUpstream();
    g = await startGateway({ env: { TICKETS_URL: upstream.url, TRUSTED_PROXIES: '127.0.0.1/32' } });
    token = await g.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await g.stop();
    await upstream.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${g.gateway.url}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

  it('carries the security headers: its own answers, proxied ones, errors and probes', async () => {
    const answers = await Promise.all([
      fetch(`${g.gateway.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(admin) }),
      get('/api/auth/me'),
      get('/api/tickets'),
      fetch(`${g.gateway.url}/api/staff`),
      get('/api/nothing-here'),
      fetch(`${g.gateway.url}/api/auth/login`, { method: 'DELETE' }),
      get('/api/tickets/bare-500'),
      fetch(`${g.gateway.url}/health/live`),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 401, 404, 405, 502, 200]);
    for (const answer of answers) expectSecurityHeaders(answer.headers);
  });

  it('sends HSTS only for a request that came over TLS, as a trusted proxy says', async () => {
    expect((await get('/api/auth/me')).headers.get('strict-transport-security')).toBeNull();
    const overTls = await get('/api/auth/me', { 'x-forwarded-proto': 'https' });
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const proxied = await get('/api/tickets', { 'x-forwarded-proto': 'https' });
    expect(proxied.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it.each([
    ['bare-431', 431, /headers are larger than it takes/],
    ['bare-404', 404, /does not exist/],
    ['bare-405', 405, /does not take GET/],
    ['bare-500', 502, /failed \(500\) without saying why/],
  ])('turns an upstream %s without a problem document into one (%i)', async (path, status, detail) => {
    const answer = await get(`/api/tickets/${path}`);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const problem = await answer.json();
    expect(problem).toMatchObject({ status, detail: expect.stringMatching(detail) });
    expect(problem.detail).toMatch(/^The tickets service/);
  });

  it('answers oversized headers with a 431 problem document naming the limit, not an empty body', async () => {
    const answer = await fetch(`${g.gateway.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}`, 'x-filler': 'x'.repeat(20_000) } });
    expect(answer.status).toBe(431);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expectSecurityHeaders(answer.headers);
    expect(await answer.json()).toMatchObject({
      status: 431,
      title: 'Request header fields too large',
      detail: "The request's headers are larger than the server takes (16 kB in all): send fewer or shorter headers, cookies included.",
    });
  });

  it('answers an expectation it cannot meet with a 417 problem document', async () => {
    const answer = await new Promise<{ status: number; type?: string; body: string }>((resolve, reject) => {
      const request = http.request(`${g.gateway.url}/api/auth/me`, { headers: { expect: 'the-impossible' } }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, type: response.headers['content-type'], body }));
      });
      request.on('error', reject);
      request.end();
    });
    expect(answer.status).toBe(417);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body)).toMatchObject({ status: 417, detail: expect.stringContaining('Expect: the-impossible') });
  });
});
