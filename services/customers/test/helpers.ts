import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import type { AddressInfo } from 'node:net';
import { Bus } from '@helpdesk/bus';
import { createEvent, portalInvitationAcceptedV1, systemEmailUpdatedV1, teamCreatedV1, type EventDefinition } from '@helpdesk/contracts-schema';
import type { Static, TSchema } from '@helpdesk/validation';
import {
  allPermissionNames,
  bodyDigest,
  loadServiceKeys,
  requireAssertedBody,
  SERVICE_ASSERTION_HEADER,
  verifyServiceCall,
  type PermissionName,
  type Principal,
  type StaffPrincipal,
} from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import {
  deleteBusTopology,
  gatewayAssertionHeader,
  newTestBusPrefix,
  queryDatabase,
  serviceCallHeader,
  startTestService,
  testEnvironment,
  testKeys,
  waitFor,
  watchEvents,
} from '@helpdesk/testing';
import { customersService } from '../src/service';
import { loadConfig } from '../src/config';

/** A team with access to every customer; startCustomers announces it to the service. */
export const allCustomersTeam = randomUUID();

/** An agent with these permissions, in a team with access to every customer. */
export function staff(permissions: PermissionName[]): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions, teamIds: [allCustomersTeam] };
}

export const admin: Principal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] };

export function contactOf(customerId: string, contactId: string = randomUUID()): Principal {
  return { kind: 'contact', contactId, customerId };
}

/**
 * Stands in for the gateway's internal listener: checks each call's signature as the gateway would
 * (a call it cannot verify answers 401), keeps each call with its principal, its body and
 * what `observe` saw at that moment, and answers with `status` (a revocation) or `status` and
 * `access` (the portal access of a contact).
 */
async function startFakeGateway() {
  const fake = {
    url: '',
    status: 204,
    access: { status: 'none', customerId: null } as { status: 'none' | 'invited' | 'active'; customerId: string | null },
    calls: [] as Array<{ path: string; principal: Principal; body?: unknown; seen?: unknown }>,
    observe: undefined as (() => Promise<unknown>) | undefined,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const gatewayKeys = loadServiceKeys('gateway', { publicKeys: testKeys.publicKeys });
  const server = http.createServer((req, res) => {
    void (async () => {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      let principal: Principal;
      try {
        const asserted = verifyServiceCall(gatewayKeys, req.headers[SERVICE_ASSERTION_HEADER] as string | undefined, { method: req.method ?? '', path: req.url ?? '' });
        requireAssertedBody(asserted.bodyDigest, bodyDigest(raw));
        principal = asserted.principal;
      } catch {
        res.writeHead(401).end();
        return;
      }
      fake.calls.push({ path: `${req.method} ${req.url}`, principal, ...(raw && { body: JSON.parse(raw) }), seen: await fake.observe?.() });
      if (req.method === 'GET') {
        const status = fake.status === 204 ? 200 : fake.status;
        res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? JSON.stringify(fake.access) : undefined);
        return;
      }
      res.statusCode = fake.status;
      res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

export type ApiResponse = { status: number; headers: Headers; body: any };

/** Every table of this service; with the outbox size, their content tells whether a request changed anything. */
const tables = ['customers', 'customer_groups', 'contacts', 'locations', 'areas', 'notification_groups', 'notification_group_members'];

export interface CustomersOptions {
  /**
   * false: the notifier has announced the portal invitation email switched off, so contacts are created
   * without a portal login, as before issue 12 (for tests about something else that need such contacts).
   * Left out: a new installation, where a contact a person creates is invited at once.
   */
  invitationEmail?: boolean;
}

/** A customers service on its own database and bus prefix, a fake gateway, and a watcher of every event. */
export async function startCustomers(options: CustomersOptions = {}) {
  const busPrefix = newTestBusPrefix();
  // Every event needs a bound queue: an unroutable one stays in the outbox and is retried.
  const events = await watchEvents(busPrefix, ['#']);
  const gateway = await startFakeGateway();
  const service = await startTestService(customersService, { loadConfig, busPrefix, env: { GATEWAY_INTERNAL_URL: gateway.url } });
  await service.bus.waitUntilConnected();
  const publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'customers-test' });
  publisher.start();
  await publisher.waitUntilConnected();
  let names = 0;
  let accepted = 0;
  let systemEmailVersion = 0;

  /** Publishes an event as its producer would, and waits until this service has handled it. */
  async function deliver<S extends TSchema>(definition: EventDefinition<S>, aggregate: { id: string; version: number }, data: Static<S>, producer: string) {
    const event = createEvent(definition, aggregate, data, { producer, correlationId: 'customers-test' });
    await publisher.publish(event);
    await waitFor(async () => (await queryDatabase(service.databaseUrl, 'SELECT 1 FROM processed_events WHERE event_id = $1', [event.id])).length > 0, {
      what: `${definition.type} to be handled`,
    });
  }

  /** Announces a system email switch as the notifier would, at the next version (or at `version`), and waits until this service has it. */
  async function switchSystemEmail(key: 'portal_invitation' | 'portal_account_created', enabled: boolean, version = ++systemEmailVersion) {
    await deliver(systemEmailUpdatedV1, { id: key, version }, { key, enabled }, 'notifier');
  }

  /** Announces a team as the gateway would, and waits until this service has it. */
  async function addTeam(access: 'all' | string[], teamId: string = randomUUID()): Promise<string> {
    const data = { teamId, name: `Team ${teamId.slice(0, 8)}`, ticketAccess: access === 'all' ? ('all' as const) : ('selected' as const), customerIds: access === 'all' ? [] : access, memberIds: [] };
    await publisher.publish(createEvent(teamCreatedV1, { id: teamId, version: 1 }, data, { producer: 'gateway', correlationId: 'customers-test' }));
    await waitFor(async () => (await queryDatabase(service.databaseUrl, 'SELECT 1 FROM team_access WHERE team_id = $1', [teamId])).length > 0, { what: `team ${teamId}` });
    return teamId;
  }
  await addTeam('all', allCustomersTeam);
  if (options.invitationEmail === false) await switchSystemEmail('portal_invitation', false);

  /** A request to one of the service's listeners, signed by `sign` for the body sent (a string is sent as it is). */
  async function send(base: string, sign: (body: string | undefined) => Record<string, string>, method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const sent = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${base}${path}`, { method, headers: { ...sign(sent), ...(sent !== undefined ? { 'content-type': 'application/json' } : {}) }, body: sent });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** A request through the gateway, as `principal` (none: unauthenticated). */
  const api = (principal: Principal | undefined, method: string, path: string, body?: unknown) =>
    send(service.url, (sent) => (principal ? gatewayAssertionHeader(principal, { service: 'customers', method, path, body: sent }) : {}), method, path, body);

  /** A call to the internal listener, signed by `caller` as that service would sign it. */
  const internal = (caller: string, method: string, path: string, body?: unknown) =>
    send(service.internalUrl, (sent) => serviceCallHeader(caller, { service: 'customers', method, path, body: sent }), method, path, body);

  /** Answers the expected status or fails with what came back instead. */
  async function ok(method: string, path: string, body?: unknown, expected = method === 'POST' ? [200, 201] : [200, 204]) {
    const response = await api(admin, method, path, body);
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const unique = (prefix: string) => `${prefix} ${++names} ${randomUUID().slice(0, 8)}`;

  return {
    service,
    gateway,
    events,
    api,
    internal,
    ok,
    unique,
    addTeam,
    deliver,
    switchSystemEmail,
    rows: <T extends Record<string, any> = Record<string, any>>(sql: string, values: unknown[] = []) => queryDatabase<T>(service.databaseUrl, sql, values),
    /** The content of every table and the outbox size: equal snapshots mean that nothing changed. */
    async snapshot(): Promise<string> {
      const parts = tables.map((t) => `(SELECT coalesce(json_agg(t ORDER BY t::text), '[]'::json) FROM ${t} t) AS ${t}`);
      const [state] = await queryDatabase(service.databaseUrl, `SELECT ${parts.join(', ')}, (SELECT count(*) FROM outbox) AS outbox`);
      return JSON.stringify(state);
    },
    createCustomer: (fields: Record<string, unknown> = {}) => ok('POST', '/api/customers', { name: unique('Customer'), ...fields }),
    addContact: (customerId: string, fields: Record<string, unknown> = {}) =>
      ok('POST', `/api/customers/${customerId}/contacts`, { firstName: 'Harry', lastName: 'Porter', email: `${randomUUID()}@customer.example`, ...fields }),
    waitFor: (probe: () => unknown, what: string) => waitFor(probe, { what }),
    /** Waits for an event of `type` whose data contains `data`. */
    waitForEvent: (type: string, data: Record<string, unknown>) =>
      waitFor(() => events.received.find((e) => e.type === type && Object.entries(data).every(([k, v]) => isDeepStrictEqual(e.data[k], v))), {
        what: `${type} with ${JSON.stringify(data)}`,
      }),
    /**
     * Publishes portal_invitation.accepted as the gateway would, for the invitation it issued on the
     * contact's last contact.login_enabled (or on the one of `contactVersion`), and waits until this service has handled it.
     */
    async acceptInvitation(contactId: string, customerId: string, contactVersion?: number) {
      const enabledAt =
        contactVersion ??
        (await waitFor(() => events.received.filter((e) => e.type === 'contact.login_enabled' && e.data.contactId === contactId).at(-1), {
          what: `contact.login_enabled of ${contactId}`,
        })).aggregate.version;
      accepted += 1;
      await deliver(portalInvitationAcceptedV1, { id: contactId, version: accepted }, { invitationId: randomUUID(), contactId, customerId, contactVersion: enabledAt }, 'gateway');
    },
    async stop() {
      await publisher.stop();
      await events.close();
      await service.stop();
      await gateway.close();
      await service.dropDatabase();
      await deleteBusTopology(busPrefix, [`${busPrefix}.customers`]);
    },
  };
}

export type Customers = Awaited<ReturnType<typeof startCustomers>>;

/** A customer in a group with one of everything, another customer, and their ids; fresh for each call. */
export async function createFixtures(c: Customers) {
  const group = await c.ok('POST', '/api/customer-groups', { name: c.unique('Group') });
  const customer = await c.createCustomer({ groupId: group.id });
  const other = await c.createCustomer();
  const contact = await c.addContact(customer.id);
  const location = await c.ok('POST', `/api/customers/${customer.id}/locations`, { name: 'Head office' });
  const area = await c.ok('POST', `/api/customers/${customer.id}/areas`, { name: 'Accounting' });
  const notificationGroup = await c.ok('POST', `/api/customers/${customer.id}/notification-groups`, { name: 'Leads', notifyOn: [] });
  return { group: group.id, customer: customer.id, other: other.id, contact: contact.id, location: location.id, area: area.id, notificationGroup: notificationGroup.id };
}

export type Fixtures = Awaited<ReturnType<typeof createFixtures>>;

const read: PermissionName[] = ['customers.view', 'customers.manage'];
const manage: PermissionName[] = ['customers.manage'];
const contacts: PermissionName[] = ['contacts.manage'];

/** Every staff route, a valid request to it, and the permissions of which it needs one. */
export const staffRoutes: Array<[string, string, (f: Fixtures) => string, PermissionName[], ((f: Fixtures) => unknown)?]> = [
  ['list customers', 'GET', () => '/api/customers', read],
  ['read a customer', 'GET', (f) => `/api/customers/${f.customer}`, read],
  ['list groups', 'GET', () => '/api/customer-groups', read],
  ['read a contact', 'GET', (f) => `/api/contacts/${f.contact}`, read],
  ['create a customer', 'POST', () => '/api/customers', manage, () => ({ name: `Customer ${randomUUID()}` })],
  ['change a customer', 'PATCH', (f) => `/api/customers/${f.customer}`, manage, () => ({ portalTicketVisibility: 'customer' })],
  ['create a group', 'POST', () => '/api/customer-groups', manage, () => ({ name: `Group ${randomUUID()}` })],
  ['rename a group', 'PATCH', (f) => `/api/customer-groups/${f.group}`, manage, () => ({ name: `Group ${randomUUID()}` })],
  ['delete a group', 'DELETE', (f) => `/api/customer-groups/${f.group}`, manage],
  ['add a customer to a group', 'PUT', (f) => `/api/customer-groups/${f.group}/customers/${f.other}`, manage],
  ['remove a customer from a group', 'DELETE', (f) => `/api/customer-groups/${f.group}/customers/${f.customer}`, manage],
  ['add a location', 'POST', (f) => `/api/customers/${f.customer}/locations`, manage, () => ({ name: 'Annex' })],
  ['change a location', 'PATCH', (f) => `/api/customers/${f.customer}/locations/${f.location}`, manage, () => ({ name: 'HQ' })],
  ['remove a location', 'DELETE', (f) => `/api/customers/${f.customer}/locations/${f.location}`, manage],
  ['add an area', 'POST', (f) => `/api/customers/${f.customer}/areas`, manage, () => ({ name: 'Sales' })],
  ['change an area', 'PATCH', (f) => `/api/customers/${f.customer}/areas/${f.area}`, manage, () => ({ name: 'Finance' })],
  ['remove an area', 'DELETE', (f) => `/api/customers/${f.customer}/areas/${f.area}`, manage],
  ['create a notification group', 'POST', (f) => `/api/customers/${f.customer}/notification-groups`, manage, () => ({ name: 'New', notifyOn: [] })],
  ['change a notification group', 'PATCH', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}`, manage, () => ({ name: 'Renamed' })],
  ['delete a notification group', 'DELETE', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}`, manage],
  ['add a group member', 'PUT', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}/members/contact/${f.contact}`, manage],
  ['remove a group member', 'DELETE', (f) => `/api/customers/${f.customer}/notification-groups/${f.notificationGroup}/members/contact/${f.contact}`, manage],
  ['add a contact', 'POST', (f) => `/api/customers/${f.customer}/contacts`, contacts, () => ({ firstName: 'A', lastName: 'B', email: `${randomUUID()}@x.example` })],
  ['change a contact', 'PATCH', (f) => `/api/contacts/${f.contact}`, contacts, () => ({ firstName: 'Changed' })],
  ['deactivate a contact', 'POST', (f) => `/api/contacts/${f.contact}/deactivate`, contacts],
  ['move a contact', 'POST', (f) => `/api/contacts/${f.contact}/move`, contacts, (f) => ({ customerId: f.other })],
  ['enable portal login', 'POST', (f) => `/api/contacts/${f.contact}/enable-login`, ['portal_access.manage']],
];
