import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import {
  contactAddedV1,
  contactCustomerChangedV1,
  contactDeactivatedV1,
  customerCreatedV1,
  staffUserCreatedV1,
  staffUserUpdatedV1,
  teamCreatedV1,
  type AggregateVersion,
  type EventDefinition,
} from '@helpdesk/contracts-schema';
import { allPermissionNames, type PermissionName, type Principal, type StaffPrincipal } from '@helpdesk/http';
import type { Static, TSchema } from '@helpdesk/validation';
import {
  gatewayClient,
  newTestBusPrefix,
  queryDatabase,
  startTestPublisher,
  startTestService,
  tearDownTestService,
  waitFor,
  watchEvents,
} from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { contractsService } from '../src/service';

/** A team with access to every customer; startContracts announces it. */
export const allCustomersTeam = randomUUID();

export const admin: StaffPrincipal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] };

/** An agent with these permissions, in `teamIds` (by default a team reaching every customer). */
export function agent(permissions: PermissionName[], teamIds: string[] = [allCustomersTeam]): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions, teamIds };
}

export function contactOf(customerId: string, contactId: string = randomUUID()): Principal {
  return { kind: 'contact', contactId, customerId };
}

/**
 * A contracts service on its own database and bus prefix, a publisher standing in for the customers
 * service and the gateway (whose people this service keeps), and a watcher of every event.
 */
export async function startContracts() {
  const busPrefix = newTestBusPrefix();
  // Every event needs a bound queue: an unroutable one stays in the outbox and is retried.
  const events = await watchEvents(busPrefix, ['#']);
  const service = await startTestService(contractsService, { loadConfig, busPrefix });
  await service.bus.waitUntilConnected();
  const publisher = await startTestPublisher(busPrefix, 'contracts-test');
  const call = gatewayClient('contracts', () => service.url);
  const versions = new Map<string, number>();
  const next = (id: string) => {
    const version = (versions.get(id) ?? 0) + 1;
    versions.set(id, version);
    return version;
  };

  const rows = <T extends Record<string, any> = Record<string, any>>(sql: string, values: unknown[] = []) => queryDatabase<T>(service.databaseUrl, sql, values);

  /** Publishes an event as its producer would, at the aggregate's next version (or at `version`: a late one), and waits until this service has handled it. */
  async function deliver<S extends TSchema>(definition: EventDefinition<S>, id: string, data: Static<S>, version = next(id)): Promise<void> {
    const aggregate: AggregateVersion = { id, version };
    const event = await publisher.publish(definition, aggregate, data);
    await waitFor(async () => (await rows('SELECT 1 FROM processed_events WHERE event_id = $1', [event.id])).length > 0, { what: `${definition.type} to be handled` });
  }

  async function addTeam(access: 'all' | string[], teamId: string = randomUUID()): Promise<string> {
    await deliver(teamCreatedV1, teamId, {
      teamId,
      name: `Team ${teamId.slice(0, 8)}`,
      ticketAccess: access === 'all' ? 'all' : 'selected',
      customerIds: access === 'all' ? [] : access,
      memberIds: [],
    });
    return teamId;
  }
  await addTeam('all', allCustomersTeam);

  const api = (as: Principal | undefined, method: string, path: string, body?: unknown) => call(method, path, { ...(as && { as }), ...(body !== undefined && { body }) });

  /** Answers the expected status as the admin, or fails with what came back instead. */
  async function ok(method: string, path: string, body?: unknown, expected = method === 'POST' ? [200, 201] : [200]) {
    const response = await api(admin, method, path, body);
    if (!expected.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  const people = {
    async customer(): Promise<string> {
      const customerId = randomUUID();
      await deliver(customerCreatedV1, customerId, { customerId, name: `Customer ${customerId.slice(0, 8)}`, portalTicketVisibility: 'own', groupId: null });
      return customerId;
    },
    async contact(customerId: string, firstName = 'Harry'): Promise<string> {
      const contactId = randomUUID();
      await deliver(contactAddedV1, contactId, { contactId, customerId, firstName, lastName: 'Porter', email: `${contactId}@customer.example` });
      return contactId;
    },
    moveContact: (contactId: string, fromCustomerId: string, toCustomerId: string) =>
      deliver(contactCustomerChangedV1, contactId, { contactId, fromCustomerId, toCustomerId }),
    deactivateContact: (contactId: string, customerId: string) => deliver(contactDeactivatedV1, contactId, { contactId, customerId }),
    async staffUser(name = 'Alex Agent'): Promise<string> {
      const userId = randomUUID();
      await deliver(staffUserCreatedV1, userId, staffUserState(userId, name, true));
      return userId;
    },
    deactivateStaffUser: (userId: string, name = 'Alex Agent') => deliver(staffUserUpdatedV1, userId, staffUserState(userId, name, false)),
  };

  /** A customer with an active contact, and two active staff users: what a valid contract names. */
  async function fixtures() {
    const customerId = await people.customer();
    const [customerContactId, supportContactId, supportManagerId] = await Promise.all([people.contact(customerId), people.staffUser('Sam Support'), people.staffUser('Meg Manager')]);
    return { customerId, customerContactId, supportContactId, supportManagerId };
  }

  return {
    service,
    events,
    api,
    ok,
    rows,
    people,
    fixtures,
    deliver,
    addTeam,
    /** Waits for an event of `type` whose data contains `data`. */
    waitForEvent: (type: string, data: Record<string, unknown>) =>
      waitFor(() => events.received.find((e) => e.type === type && Object.entries(data).every(([k, v]) => isDeepStrictEqual(e.data[k], v))), {
        what: `${type} with ${JSON.stringify(data)}`,
      }),
    stop: () => tearDownTestService(busPrefix, service, [publisher, { stop: () => events.close() }]),
  };
}

function staffUserState(userId: string, name: string, active: boolean) {
  return { userId, email: `${userId}@helpdesk.example`, name, role: 'agent' as const, active, createdAt: new Date().toISOString() };
}

export type Contracts = Awaited<ReturnType<typeof startContracts>>;
