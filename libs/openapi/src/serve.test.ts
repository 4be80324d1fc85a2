import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router } from 'express';
import { createHttpApp, finishHttpApp, type Principal } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import { Type, compileParser, refineParser } from '@helpdesk/validation';
import { registeredRoutes } from './registered-routes';
import { expressPath, route, serve } from './serve';

const parseId = compileParser(Type.String({ format: 'uuid' }), 'thing id');
const parseQuery = compileParser(Type.Object({ limit: Type.Integer({ default: 25 }) }), 'query', { coerce: true });
const parseChange = refineParser(compileParser(Type.Object({ name: Type.String() }, { additionalProperties: false }), 'change'), ({ name }) => ({ name: name.trim() }));
const changeThing = route({ method: 'patch', path: '/api/things/{id}/parts/{part}', summary: 'Change', auth: 'staff', permission: 'things.manage', params: { id: parseId }, query: parseQuery, body: parseChange, responses: { 200: 'It.' } });
const endThing = route({ method: 'post', path: '/api/things/{id}/end', summary: 'End', auth: 'contact', params: { id: parseId }, body: compileParser(Type.Object({ at: Type.Optional(Type.String()) }), 'end'), optionalBody: true, responses: { 200: 'It.' } });
const me = route({ method: 'get', path: '/api/me', summary: 'Me', auth: 'signed-in', responses: { 200: 'Who.' } });

const staff = (permissions: string[]): Principal => ({ kind: 'staff', userId: 'u1', role: 'agent', permissions, teamIds: [] }) as Principal;
const contact: Principal = { kind: 'contact', contactId: 'c1', customerId: 'k1' };
const id = '7a3c6f2e-1b2d-4c3e-8f4a-5b6c7d8e9f01';

describe('serve', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const log = createLogger({ service: 'test', level: 'silent' });
    const app = createHttpApp({ log, health: async () => ({ ready: true }) });
    // The principal a test names, as the gateway's assertion would give it.
    app.use((req, _res, next) => {
      const given = req.header('x-test-principal');
      if (given) req.principal = JSON.parse(given) as Principal;
      next();
    });
    const router = Router();
    serve(router, changeThing, ({ principal, params, query, body }, _req, res) => {
      res.json({ user: principal.userId, params, query, body });
    });
    serve(router, endThing, ({ principal, params, body }, _req, res) => {
      res.json({ customer: principal.customerId, params, body });
    });
    serve(router, me, ({ principal }, _req, res) => {
      res.json(principal);
    });
    app.use(router);
    finishHttpApp(app, log);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (method: string, path: string, principal?: Principal, body?: unknown) => {
    const answer = await fetch(`${url}${path}`, {
      method,
      headers: { ...(principal ? { 'x-test-principal': JSON.stringify(principal) } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
  };

  it('registers the described method and path, each {name} an express :name', () => {
    const router = Router();
    serve(router, changeThing, () => undefined);
    expect(registeredRoutes(router)).toEqual(['PATCH /api/things/{id}/parts/{part}']);
    expect(expressPath('/api/things/{id}/parts/{part}')).toBe('/api/things/:id/parts/:part');
  });

  it("hands the handler the path parameters, query and body as the description's parsers return them", async () => {
    const answer = await call('PATCH', `/api/things/${id}/parts/wheel?limit=5`, staff(['things.manage']), { name: '  bolt ' });
    expect(answer).toEqual({ status: 200, body: { user: 'u1', params: { id, part: 'wheel' }, query: { limit: 5 }, body: { name: 'bolt' } } });
    expect((await call('PATCH', `/api/things/${id}/parts/wheel`, staff(['things.manage']), { name: 'x' })).body.query).toEqual({ limit: 25 });
  });

  it('refuses what the parsers refuse: a bad id, a bad query, a bad body (400 naming the field)', async () => {
    const manager = staff(['things.manage']);
    expect(await call('PATCH', '/api/things/nope/parts/wheel', manager, { name: 'x' })).toMatchObject({ status: 400, body: { detail: expect.stringContaining('thing id') } });
    expect(await call('PATCH', `/api/things/${id}/parts/wheel?limit=many`, manager, { name: 'x' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/limit' }] } });
    expect(await call('PATCH', `/api/things/${id}/parts/wheel`, manager, { name: 'x', extra: 1 })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/extra' }] } });
  });

  it('checks who calls, as the description says, before it reads any input: 401, 403 for the wrong kind or a missing permission', async () => {
    expect((await call('PATCH', '/api/things/nope/parts/wheel', undefined, { bad: true })).status).toBe(401);
    expect((await call('PATCH', '/api/things/nope/parts/wheel', contact, { bad: true })).status).toBe(403);
    const withoutPermission = await call('PATCH', '/api/things/nope/parts/wheel', staff([]), { bad: true });
    expect(withoutPermission).toMatchObject({ status: 403, body: { detail: 'This needs the "things.manage" permission; ask an administrator to grant it.' } });
    expect((await call('POST', `/api/things/${id}/end`, staff(['things.manage']))).status).toBe(403);
    expect(await call('GET', '/api/me', contact)).toEqual({ status: 200, body: contact });
  });

  it('reads a body the description says may be left out as {}', async () => {
    expect(await call('POST', `/api/things/${id}/end`, contact)).toEqual({ status: 200, body: { customer: 'k1', params: { id }, body: {} } });
  });

  it('refuses to serve a description that gives a bare schema where a parser must run', () => {
    const bare = route({ method: 'post', path: '/api/bare', summary: 'Bare', auth: 'public', body: Type.Object({}), responses: { 200: 'It.' } });
    expect(() => serve(Router(), bare, () => undefined)).toThrow('POST /api/bare: its body is a schema, not a parser (compileParser), so it cannot be served');
  });
});
