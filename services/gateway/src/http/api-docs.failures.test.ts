import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { UnavailableError } from '@helpdesk/errors';
import { API_DESCRIPTION_PATH, describeApi, type RouteDescription } from '@helpdesk/openapi';
import { apiDescriptionSource } from './api-docs.routes';
import { Upstream } from './upstream';

const route = (method: RouteDescription['method'], path: string): RouteDescription => ({ method, path, summary: path, auth: 'staff', responses: { 200: 'ok' } });

/** A service that answers its description (or, while `down`, 500) and counts how often it was asked. */
async function startService(name: string, routes: RouteDescription[]) {
  const state = { asked: 0, down: false };
  const app = express();
  app.get(API_DESCRIPTION_PATH, (_req, res) => {
    state.asked += 1;
    if (state.down) res.status(500).end();
    else res.json(describeApi(name, routes));
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { state, server, upstream: new Upstream(name, `http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
}

const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('the API description when a service fails', () => {
  const servers: Server[] = [];
  afterAll(() => Promise.all(servers.map(close)));

  it('after a failed attempt asks no service again for a while (the same 503 meanwhile), then tries again', async () => {
    const tickets = await startService('tickets', [route('get', '/api/tickets')]);
    servers.push(tickets.server);
    tickets.state.down = true;
    let now = 0;
    const description = apiDescriptionSource({ own: [route('post', '/api/auth/login')], table: [{ prefix: '/api/tickets', upstream: tickets.upstream }], now: () => now });

    await expect(description()).rejects.toThrow('the tickets service does not answer');
    expect(tickets.state.asked).toBe(1);
    now += 4_000;
    const meanwhile = description();
    await expect(meanwhile).rejects.toBeInstanceOf(UnavailableError);
    await expect(meanwhile).rejects.toThrow('the tickets service does not answer');
    expect(tickets.state.asked).toBe(1);

    tickets.state.down = false;
    now += 1_001;
    expect(Object.keys((await description()).paths)).toEqual(['/api/auth/login', '/api/tickets']);
    expect(tickets.state.asked).toBe(2);
  });

  it('after a failed refresh keeps the complete document and waits before the next refresh', async () => {
    const tickets = await startService('tickets', [route('get', '/api/tickets')]);
    servers.push(tickets.server);
    let now = 0;
    const description = apiDescriptionSource({ own: [], table: [{ prefix: '/api/tickets', upstream: tickets.upstream }], now: () => now });
    await description();
    tickets.state.down = true;
    now += 10 * 60_000;
    const settled = () => new Promise((resolve) => setTimeout(resolve, 100));
    await description();
    await settled();
    expect(tickets.state.asked).toBe(2);
    now += 1_000;
    expect(Object.keys((await description()).paths)).toEqual(['/api/tickets']);
    await settled();
    expect(tickets.state.asked).toBe(2);
    now += 5_000;
    await description();
    await settled();
    expect(tickets.state.asked).toBe(3);
  });

  it('refuses, naming both, a service describing an operation the gateway answers itself (503), instead of keeping either', async () => {
    // The gateway answers POST /api/portal/login before it forwards /api/portal: the service's is never reached.
    const customers = await startService('customers', [route('get', '/api/portal/me'), route('post', '/api/portal/login')]);
    servers.push(customers.server);
    const description = apiDescriptionSource({ own: [route('post', '/api/portal/login')], table: [{ prefix: '/api/portal', upstream: customers.upstream }] });
    const described = description();
    await expect(described).rejects.toBeInstanceOf(UnavailableError);
    await expect(described).rejects.toThrow('POST /api/portal/login is described twice: by "customers" and by "Helpdesk API"');
  });
});
