import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import { MAX_JSON_DEPTH } from '@helpdesk/http';
import { queryDatabase, waitFor } from '@helpdesk/testing';
import { gatewayService } from '../../services/gateway/src/service';
import { ticketsService } from '../../services/tickets/src/service';
import { customersService } from '../../services/customers/src/service';
import { mailIngestService } from '../../services/mail-ingest/src/service';
import { notifierService } from '../../services/notifier/src/service';
import { contractsService } from '../../services/contracts/src/service';
import { startSystem, type System } from './support/system';

type Route = { method: string; path: string };

/** The routes a service's `mountRoutes` puts on an express app, read from the app's router. */
function routesOf(mount: (app: Express) => void): Route[] {
  const app = express();
  mount(app);
  type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
  const walk = (stack: Layer[]): Route[] =>
    stack.flatMap((layer) =>
      layer.route
        ? Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path }))
        : walk(layer.handle?.stack ?? []),
    );
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack);
}

/** Every route with a body that a user reaches through the gateway, of every service. */
function writeRoutes(system: System): Route[] {
  const { services } = system;
  const definitions = [
    [gatewayService, services.gateway],
    [ticketsService, services.tickets],
    [customersService, services.customers],
    [mailIngestService, services.mailIngest],
    [notifierService, services.notifier],
    [contractsService, services.contracts],
  ] as const;
  return definitions
    .flatMap(([definition, running]) => routesOf((app) => (definition.mountRoutes as (app: Express, context: typeof running) => void)(app, running)))
    .filter(({ method, path }) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && path.startsWith('/api/'));
}

/** Each table's content in every service's database; the outbox by its events (the relay updates the rest). */
async function everything(system: System): Promise<Record<string, string>> {
  const contents: Record<string, string> = {};
  for (const [service, { databaseUrl }] of Object.entries(system.services)) {
    const tables = await queryDatabase<{ name: string }>(databaseUrl, "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'");
    for (const { name } of tables) {
      const rows = name === 'outbox' ? 'SELECT event_id FROM outbox t' : `SELECT * FROM "${name}" t`;
      const [{ digest }] = await queryDatabase<{ digest: string }>(databaseUrl, `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM (${rows}) t`) as [{ digest: string }];
      contents[`${service}.${name}`] = digest;
    }
  }
  return contents;
}

describe('input the services cannot take, on every write route through the gateway', () => {
  let system: System;
  let token: string;
  let routes: Route[];
  const ids: Record<string, string> = {};

  /** The route's path with real ids where the fixtures have one (`:id` by the collection before it). */
  const concrete = (path: string) =>
    path
      .split('/')
      .map((segment, i, segments) => (segment.startsWith(':') ? (ids[segment === ':id' ? segments[i - 1]! : segment.slice(1)] ?? randomUUID()) : segment))
      .join('/');

  beforeAll(async () => {
    system = await startSystem();
    token = await system.logInAsAdmin();
    routes = writeRoutes(system);
    const create = async (path: string, body: unknown) => {
      const created = await system.api('POST', path, { token, body });
      if (created.status !== 201) throw new Error(`POST ${path}: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body.id as string;
    };
    ids.customers = ids.customerId = await create('/api/customers', { name: 'Deep Nesting Ltd' });
    ids.contacts = ids.memberId = await create(`/api/customers/${ids.customers}/contacts`, { firstName: 'Ada', lastName: 'L', email: 'ada@deep.example' });
    await waitFor(async () => (await queryDatabase(system.services.tickets.databaseUrl, 'SELECT 1 FROM contacts WHERE id = $1', [ids.contacts])).length === 1, { what: 'the contact in tickets' });
    ids.tickets = await create('/api/tickets', { subject: 'Printer', description: 'Offline.', customerId: ids.customers, contactId: ids.contacts });
    ids.teams = await create('/api/teams', { name: 'First line', ticketAccess: 'all' });
    ids.staff = ids.userId = await create('/api/staff', { email: 'agent@helpdesk.test', name: 'Agent', password: 'an agent password' });
    // What these caused elsewhere has happened before the snapshot: the contracts service keeps the contact and the staff user, ...
    const inContracts = (table: string, id: string) => async () => (await queryDatabase(system.services.contracts.databaseUrl, `SELECT 1 FROM ${table} WHERE id = $1`, [id])).length === 1;
    await waitFor(inContracts('contacts', ids.contacts), { what: 'the contact in contracts' });
    await waitFor(inContracts('staff_users', ids.staff), { what: 'the staff user in contracts' });
    // ... the contact's invitation and the ticket's acknowledgement are sent.
    await waitFor(
      async () => {
        const sent = await queryDatabase<{ kind: string }>(system.services.notifier.databaseUrl, 'SELECT kind FROM outgoing_emails WHERE sent_at IS NOT NULL ORDER BY kind');
        return sent.map((row) => row.kind).join() === 'automation:A02,portal_invitation';
      },
      { what: 'the invitation and the acknowledgement' },
    );
  });
  afterAll(() => system?.stop());

  it('finds the write routes of every service', () => {
    const names = routes.map(({ method, path }) => `${method} ${path}`);
    expect(names).toEqual(expect.arrayContaining(['POST /api/auth/login', 'PATCH /api/staff/:id', 'PUT /api/tickets/:id/status', 'POST /api/customers/:id/contacts', 'DELETE /api/teams/:id/members/:userId']));
    expect(names.length).toBeGreaterThan(30);
  });

  // About 7,000 levels: deeper than the stack of a recursive walk, within the smallest body limit (16 kB, sign-in).
  const bodies = [
    ['JSON nested 7,000 levels deep', `{"a":${'['.repeat(7000)}${']'.repeat(7000)}}`, `/a${'/0'.repeat(MAX_JSON_DEPTH - 1)}`, /nested more than 64 levels/],
    ['a lone surrogate escape', '{"note":{"text":"Printer \\ud800 offline"}}', '/note/text', /lone surrogate/],
  ] as const;

  it.each(bodies)('%s: 400 naming the field, and nothing changes', async (_name, body, pointer, message) => {
    const before = await everything(system);
    const wrong: unknown[] = [];
    for (const { method, path } of routes) {
      const answer = await system.api(method, concrete(path), { token, body, headers: { 'content-type': 'application/json' } });
      const problem = answer.body;
      const named = problem?.errors?.length === 1 && problem.errors[0].pointer === pointer && message.test(problem.errors[0].message);
      if (answer.status !== 400 || !answer.headers.get('content-type')?.includes('application/problem+json') || !named) {
        wrong.push({ route: `${method} ${path}`, status: answer.status, problem });
      }
    }
    expect(wrong).toEqual([]);
    expect(await everything(system)).toEqual(before);
  });
});
