import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createHttpApp, finishHttpApp } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import { API_DESCRIPTION_PATH, describeApi, type OpenApiDocument, type RouteDescription } from '@helpdesk/openapi';
import { freePort } from '@helpdesk/testing';
import { apiDocsRoutes } from './api-docs.routes';
import { Upstream } from './upstream';

const route = (method: RouteDescription['method'], path: string): RouteDescription => ({ method, path, summary: path, auth: 'staff', responses: { 200: 'ok' } });

/** A service that serves only its API description, as runService does, on `port`. */
function startFragmentServer(port: number, routes: RouteDescription[]): Promise<Server> {
  const app = express();
  let asked = 0;
  app.get(API_DESCRIPTION_PATH, (_req, res) => {
    asked += 1;
    res.json(describeApi('fragment', routes));
  });
  app.get('/asked', (_req, res) => {
    res.json({ asked });
  });
  return new Promise((resolve) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('GET /api/openapi.json', () => {
  let gateway: Server;
  let gatewayUrl: string;
  let ticketsPort: number;
  let customersPort: number;
  let now = 0;
  const servers: Server[] = [];

  beforeAll(async () => {
    ticketsPort = await freePort();
    customersPort = await freePort();
    const tickets = new Upstream('tickets', `http://127.0.0.1:${ticketsPort}`);
    const customers = new Upstream('customers', `http://127.0.0.1:${customersPort}`);
    const log = createLogger({ service: 'gateway', level: 'silent' });
    const app = createHttpApp({ log, health: async () => ({ ready: true }), parseJson: false });
    app.use(
      apiDocsRoutes({
        own: [route('post', '/api/auth/login')],
        table: [
          { prefix: '/api/tickets', upstream: tickets },
          { prefix: '/api/portal/tickets', upstream: tickets },
          { prefix: '/api/portal', upstream: customers },
          { prefix: '/api/customers', upstream: customers },
        ],
        now: () => now,
      }),
    );
    finishHttpApp(app, log);
    gateway = await new Promise<Server>((resolve) => {
      const server = app.listen(0, '127.0.0.1', () => resolve(server));
    });
    gatewayUrl = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    servers.push(
      await startFragmentServer(customersPort, [
        route('get', '/api/customers/{id}'),
        route('get', '/api/portal/me'),
        // Forwarded to tickets (its prefix comes first), so not the customers service's to describe.
        route('get', '/api/portal/tickets'),
        // Forwarded by no prefix: not part of the API.
        route('get', '/api/not-forwarded'),
      ]),
    );
  });

  afterAll(async () => {
    await Promise.all([gateway, ...servers].map(close));
  });

  it('answers 503 with Retry-After, as problem details naming the silent service, while an upstream does not answer', async () => {
    const answer = await fetch(`${gatewayUrl}/api/openapi.json`);
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
    expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await answer.json()) as { type: string; detail: string };
    expect(problem.type).toBe('https://helpdesk.dev/problems/unavailable');
    expect(problem.detail).toContain('the tickets service does not answer');
  });

  it("merges the gateway's routes with each upstream's, keeping only the paths the route table forwards to it", async () => {
    servers.push(await startFragmentServer(ticketsPort, [route('get', '/api/tickets/{id}'), route('get', '/api/portal/tickets'), route('get', '/api/customers/{id}/tickets')]));
    // After the failed attempt, none is made for a few seconds (api-docs.failures.test.ts).
    now += 5_000;
    const answer = await fetch(`${gatewayUrl}/api/openapi.json`);
    expect(answer.status).toBe(200);
    const document = (await answer.json()) as OpenApiDocument;
    expect(Object.keys(document.paths)).toEqual(['/api/auth/login', '/api/customers/{id}', '/api/portal/me', '/api/portal/tickets', '/api/tickets/{id}']);
    expect(document.paths['/api/portal/tickets']!.get!.summary).toBe('/api/portal/tickets');
  });

  it('keeps the complete document while an upstream is away, and makes it anew after a while', async () => {
    const ticketsServer = servers.pop()!;
    await close(ticketsServer);
    expect((await fetch(`${gatewayUrl}/api/openapi.json`)).status).toBe(200);
    const asked = async () => ((await (await fetch(`http://127.0.0.1:${customersPort}/asked`)).json()) as { asked: number }).asked;
    const before = await asked();
    now += 10 * 60_000;
    // Served from memory at once; the new one is made in the background (and fails: tickets is away).
    expect((await fetch(`${gatewayUrl}/api/openapi.json`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await asked()).toBe(before + 1);
    expect((await fetch(`${gatewayUrl}/api/openapi.json`)).status).toBe(200);
  });
});
