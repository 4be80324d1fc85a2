import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { freePort, waitFor } from '@helpdesk/testing';
import { admin, startGateway } from './support';

type Seen = { method: string; url: string; body: string };

/** An instance that answers every request with what it received; on `port` when given (one that was down). */
async function answering(port = 0) {
  const seen: Seen[] = [];
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method!, url: req.url!, body });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ received: body }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An instance that takes connections and then either never answers or drops the connection once the request is in. */
async function misbehaving(how: 'silent' | 'breaks') {
  const requestLines: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', (data) => {
      requestLines.push(data.toString().split('\r\n')[0]!);
      if (how === 'breaks') socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const close = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url, requestLines, close };
}

/**
 * An instance whose host drops connection attempts (powered off, its address gone): a listener that
 * never accepts, its backlog filled, so that a new connection neither opens nor is refused.
 */
async function blackHole() {
  const listener = spawn('python3', ['-c', "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(600)"]);
  const port = await new Promise<number>((resolve) => listener.stdout.once('data', (data) => resolve(Number(String(data).trim()))));
  const filling = Array.from({ length: 3 }, () => net.connect(port, '127.0.0.1').on('error', () => undefined));
  await new Promise((resolve) => setTimeout(resolve, 200));
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => {
      for (const socket of filling) socket.destroy();
      listener.kill();
    },
  };
}

describe('the gateway and the instances behind it', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let token: string;
  let good: Awaited<ReturnType<typeof answering>>;
  let breaking: Awaited<ReturnType<typeof misbehaving>>;
  let silent: Awaited<ReturnType<typeof misbehaving>>;
  const refusingPorts: number[] = [];
  const revived: Array<Awaited<ReturnType<typeof answering>>> = [];
  const refusing = (i: number) => `http://127.0.0.1:${refusingPorts[i]}`;

  beforeAll(async () => {
    [good, breaking, silent] = await Promise.all([answering(), misbehaving('breaks'), misbehaving('silent')]);
    refusingPorts.push(await freePort(), await freePort(), await freePort());
    // Each service prefix is one scenario: its instances are these fakes.
    g = await startGateway({
      env: {
        TICKETS_URL: `${refusing(0)},${good.url}`,
        MAIL_INGEST_URL: `${breaking.url},${good.url}`,
        CONTRACTS_URL: silent.url,
        NOTIFIER_URL: `${refusing(1)},${refusing(2)}`,
        CUSTOMERS_URL: good.url,
        UPSTREAM_TIMEOUT_MS: '300',
      },
    });
    token = await g.signIn('/api/auth/login', admin.email, admin.password);
  });
  afterAll(async () => {
    await g?.stop();
    await Promise.all([good, breaking, silent, ...revived].map((server) => server?.close()));
  });

  const call = (method: string, path: string, body?: unknown) => g.call(method, path, { token, body });

  it('sends a request of any method to the next instance when one refuses the connection, then leaves that one out for a while', async () => {
    const answers = await Promise.all([1, 2, 3, 4].map((n) => call('POST', '/api/tickets', { n })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    expect(answers.map((a) => JSON.parse(a.body.received).n)).toEqual([1, 2, 3, 4]);

    // Back on its port, the refusing instance gets nothing at first: it is left out for a few seconds.
    revived.push(await answering(refusingPorts[0]));
    const meanwhile = [];
    for (let i = 0; i < 4; i++) meanwhile.push((await call('GET', '/api/tickets')).status);
    expect(meanwhile).toEqual([200, 200, 200, 200]);
    expect(revived[0]!.seen).toEqual([]);
    // Then it is tried again, and takes its share.
    await waitFor(async () => (await call('GET', '/api/tickets')).status === 200 && revived[0]!.seen.length > 0, { what: 'the instance to be tried again', timeoutMs: 15_000, intervalMs: 200 });
  });

  it('sends an idempotent request to the next instance when the connection broke before the answer, and not a POST', async () => {
    const gets = [await call('GET', '/api/email-accounts'), await call('GET', '/api/email-accounts')];
    expect(gets.map((a) => a.status)).toEqual([200, 200]);
    expect(breaking.requestLines).toEqual(['GET /api/email-accounts HTTP/1.1']);

    const posts = [await call('POST', '/api/email-accounts', { name: 'support' }), await call('POST', '/api/email-accounts', { name: 'sales' })];
    expect(posts.map((a) => a.status).sort()).toEqual([200, 502]);
    const broken = posts.find((a) => a.status === 502)!;
    expect(broken.headers.get('content-type')).toContain('application/problem+json');
    expect(broken.body).toMatchObject({ status: 502, title: 'Bad gateway', detail: expect.stringMatching(/may or may not have taken effect/) });
    expect(breaking.requestLines).toHaveLength(2);
    expect(good.seen.filter((s) => s.url === '/api/email-accounts' && s.method === 'POST')).toHaveLength(1);
  });

  it('answers 504 as a problem when an instance takes the request and does not answer in time', async () => {
    const answer = await call('GET', '/api/contracts/1');
    expect(answer.status).toBe(504);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 504, title: 'Gateway timeout', detail: expect.stringMatching(/contracts service did not answer within 300 ms/) });
    expect(silent.requestLines).toEqual(['GET /api/contracts/1 HTTP/1.1']);
  });

  it('answers 503 with Retry-After when every instance is down, and still tries them', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await call('GET', '/api/emails');
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body).toMatchObject({ status: 503, detail: expect.stringMatching(/notifier service is not reachable/) });
    }
    // Both are marked down now; one comes back and gets the very next request.
    revived.push(await answering(refusingPorts[2]));
    expect((await call('GET', '/api/emails')).status).toBe(200);
    expect(revived[1]!.seen).toHaveLength(1);
  });

  it('refuses a body larger than the services take with 413, sending nothing on', async () => {
    const before = good.seen.length;
    const answer = await call('POST', '/api/customers', 'x'.repeat(1024 * 1024 + 1));
    expect(answer.status).toBe(413);
    expect(answer.body).toMatchObject({ status: 413, title: 'Payload too large' });
    expect(good.seen).toHaveLength(before);
  });
});

describe('an instance whose host drops connection attempts', () => {
  it('is given up on after a short connect timeout, and the request of any method goes to the next instance', async () => {
    const [hole, good] = await Promise.all([blackHole(), answering()]);
    const g = await startGateway({ env: { CUSTOMERS_URL: `${hole.url},${good.url}`, UPSTREAM_TIMEOUT_MS: '30000' } });
    try {
      const token = await g.signIn('/api/auth/login', admin.email, admin.password);
      const answers = [await g.call('POST', '/api/customers', { token, body: { n: 1 } }), await g.call('GET', '/api/customers', { token })];
      expect(answers.map((a) => a.status)).toEqual([200, 200]);
      expect(good.seen.map((s) => s.method)).toEqual(['POST', 'GET']);
    } finally {
      await g.stop();
      await good.close();
      hole.close();
    }
  });
});
