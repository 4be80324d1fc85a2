import http from 'node:http';
import net from 'node:net';
import { admin, startGateway } from './support';

/** The tickets service stand-in: answers 200 to whatever reaches it, and keeps what that was. */
async function recordingUpstream() {
  const reached: string[] = [];
  const server = http.createServer((req, res) => {
    reached.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"items":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, reached, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Sends the path exactly as written (fetch would resolve dot segments and encodings first). */
function rawRequest(base: string, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, method, path, headers }, (answer) => {
      let body = '';
      answer.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      answer.on('end', () => resolve({ status: answer.statusCode!, contentType: String(answer.headers['content-type'] ?? ''), body }));
    });
    request.on('error', reject).end();
  });
}

/**
 * express matches routes whatever the case and with a trailing slash; a path written another way must be
 * refused or authenticated exactly like the plain one: no route reached without the authentication, no 500.
 */
describe('paths written another way', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let upstream: Awaited<ReturnType<typeof recordingUpstream>>;
  let adminToken: string;
  beforeAll(async () => {
    upstream = await recordingUpstream();
    gateway = await startGateway({ env: { TICKETS_URL: upstream.url } });
    adminToken = await gateway.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await gateway.stop();
    await upstream.close();
  });

  const send = (method: string, path: string, token?: string) =>
    rawRequest(gateway.gateway.url, method, path, token ? { authorization: `Bearer ${token}` } : {});

  // Routed by express like the plain path: each must ask for a token, and with one reach what the plain path reaches.
  const sameRoute = ['/API/tickets', '/Api/Tickets', '/api/tickets/', '/API/TICKETS/', '/api/tickets?x=/api/docs'];
  // Written so that express routes them nowhere (or elsewhere under /api): refused, with or without a token.
  const noRoute = [
    '/api//tickets',
    '//api/tickets',
    '/%61pi/tickets',
    '/%41PI/tickets',
    '/api/%74ickets',
    '/api%2Ftickets',
    '/api%2ftickets',
    '/api/./tickets',
    '/api/docs/../tickets',
    '/api/docs/%2e%2e/tickets',
    '/api/auth/login/../../tickets',
    '/api/staff%2F..%2Ftickets',
    '/api/auth/login%2F..%2F..%2Ftickets',
    '/assets/..%2F..%2Fapi/tickets',
  ];
  const staffOnly = ['/API/staff', '/api/staff/', '/api//staff', '/%61pi/staff', '/api/STAFF/directory', '/api/staff/directory/', '/API/teams/'];

  test.each([...sameRoute, ...noRoute, ...staffOnly])('%s without a token reaches no route and is a 4xx problem', async (path) => {
    const before = upstream.reached.length;
    for (const method of ['GET', 'POST', 'DELETE']) {
      const answer = await send(method, path);
      expect({ method, status: answer.status }).toEqual({ method, status: expect.any(Number) });
      expect([401, 404]).toContain(answer.status);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
      expect(answer.body).not.toMatch(/"items"|"staff"|"teams"/);
    }
    expect(upstream.reached.slice(before)).toEqual([]);
  });

  test.each(sameRoute)('%s with a token is served like /api/tickets', async (path) => {
    const plain = await send('GET', '/api/tickets', adminToken);
    const variant = await send('GET', path, adminToken);
    expect(plain.status).toBe(200);
    expect({ status: variant.status, body: variant.body }).toEqual({ status: 200, body: plain.body });
  });

  test.each(noRoute)('%s with a token is refused, never a 500', async (path) => {
    const before = upstream.reached.length;
    const answer = await send('GET', path, adminToken);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(upstream.reached.slice(before)).toEqual([]);
  });

  test('an agent without staff.manage is refused the staff list however it is written, and reads the directory', async () => {
    const agent = await gateway.newStaff(adminToken);
    for (const path of ['/API/staff', '/api/staff/', '/Api/Staff']) expect({ path, status: (await send('GET', path, agent.token)).status }).toEqual({ path, status: 403 });
    expect((await send('GET', '/API/Staff/Directory', agent.token)).status).toBe(200);
  });

  test('the API description\'s page is public as written, and under another spelling asks for a token like any path', async () => {
    const page = await send('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.contentType).toMatch(/^text\/html/);
    for (const path of ['/API/docs', '/api/docs/']) expect({ path, status: (await send('GET', path)).status }).toEqual({ path, status: 401 });
  });

  test.each(['/api/staff/%E0%A4%A', '/api/teams/%ZZ', '/api/teams/%', '/API/teams/%C0%AF/members/x'])('%s, a malformed escape, is a 4xx problem, never a 500', async (path) => {
    for (const token of [undefined, adminToken]) {
      const answer = await send(token ? 'PATCH' : 'GET', path, token);
      expect([400, 401, 404]).toContain(answer.status);
      expect(answer.contentType).toMatch(/^application\/problem\+json/);
    }
  });
});
