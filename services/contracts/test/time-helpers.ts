import { randomUUID } from 'node:crypto';
import { Bus } from '@helpdesk/bus';
import { createEvent, teamCreatedV1, type Envelope, ticketClosedV1, ticketCreatedV1, ticketUpdatedV1, type EventDefinition } from '@helpdesk/contracts-schema';
import { allPermissionNames, type PermissionName, type Principal, type StaffPrincipal } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { gatewayAssertionHeader, newTestBusPrefix, queryDatabase, startTestService, tearDownTestService, testEnvironment, waitFor } from '@helpdesk/testing';
import { contractsService } from '../src/service';
import { loadConfig } from '../src/config';

/** A team with access to every customer; startContracts announces it to the service. */
export const allCustomersTeam = randomUUID();

/** An agent with these permissions, in a team with access to every customer. */
export function agent(permissions: PermissionName[] = []): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions, teamIds: [allCustomersTeam] };
}

export const admin: StaffPrincipal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] };

export type ApiResponse = { status: number; headers: Headers; body: any };

export interface ContractRow {
  hourRestriction?: boolean;
  contractHours?: number | null;
  thresholdHours?: number | null;
  usedMinutes?: number;
}

/**
 * A contracts service on its own database and bus prefix (`instances` of it on the one database),
 * a publisher that delivers the tickets' and the gateway's events to it, and contracts written
 * straight into its database (their routes are another lane's).
 */
export async function startContracts(options: { instances?: number } = {}) {
  const busPrefix = newTestBusPrefix();
  const first = await startTestService(contractsService, { loadConfig, busPrefix });
  const instances = [first];
  for (let i = 1; i < (options.instances ?? 1); i += 1) {
    instances.push(await startTestService(contractsService, { loadConfig, busPrefix, databaseUrl: first.databaseUrl }));
  }
  await Promise.all(instances.map((instance) => instance.bus.waitUntilConnected()));
  const publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'contracts-test' });
  publisher.start();
  await publisher.waitUntilConnected();
  const rows = <T extends Record<string, any> = Record<string, any>>(sql: string, values: unknown[] = []) => queryDatabase<T>(first.databaseUrl, sql, values);

  /** Publishes an event as its producer would, and waits until the service has handled it. */
  async function deliver<S extends TSchema>(definition: EventDefinition<S>, aggregate: { id: string; version: number }, data: Static<S>, producer: string) {
    const event = createEvent(definition, aggregate, data, { producer, correlationId: 'contracts-test' });
    await publisher.publish(event);
    await waitFor(async () => (await rows('SELECT 1 FROM processed_events WHERE event_id = $1', [event.id])).length > 0, { what: `${definition.type} to be handled` });
    return event;
  }

  await deliver(teamCreatedV1, { id: allCustomersTeam, version: 1 }, { teamId: allCustomersTeam, name: 'All', ticketAccess: 'all', customerIds: [], memberIds: [] }, 'gateway');

  let numbers = 1000;
  const at = () => new Date().toISOString();

  /** A ticket of `customerId` (on `contractId`), announced as the tickets service does. */
  async function openTicket(customerId: string | null, contractId: string | null = null) {
    const ticketId = randomUUID();
    const number = ++numbers;
    await deliver(
      ticketCreatedV1,
      { id: ticketId, version: 1 },
      {
        ticketId,
        number,
        subject: `Ticket ${number}`,
        requesterEmail: 'dana@customer.example',
        status: 'new',
        priority: 'normal',
        createdBy: { kind: 'staff', id: admin.userId },
        createdAt: at(),
        customerId,
        contractId,
      },
      'tickets',
    );
    return { ticketId, number, customerId, contractId };
  }

  /** A ticket event's common fields, the ticket after the change (`status`, `contractId`) included. */
  function change(ticket: { ticketId: string; number: number; customerId: string | null }, state: { status: string; contractId: string | null }) {
    return {
      ticketId: ticket.ticketId,
      number: ticket.number,
      customerId: ticket.customerId,
      actor: { kind: 'staff' as const, id: admin.userId },
      at: at(),
      ticket: {
        subject: `Ticket ${ticket.number}`,
        status: state.status,
        priority: 'normal',
        channel: 'agent' as const,
        requesterEmail: 'dana@customer.example',
        customerName: null,
        customerGroupId: null,
        contactId: null,
        contactFirstName: null,
        contactLastName: null,
        teamId: null,
        assigneeId: null,
        emailAccountId: null,
        replyMailbox: null,
        contractId: state.contractId,
      },
    };
  }

  /** A contract of `customerId`, written straight into the database. */
  async function createContract(customerId: string, fields: ContractRow = {}): Promise<string> {
    const id = randomUUID();
    await rows(
      `INSERT INTO contracts (id, customer_id, description, customer_contact_id, support_contact_id, hour_restriction, contract_hours, threshold_hours, used_minutes, created_by)
       VALUES ($1, $2, 'Support hours', $3, $4, $5, $6, $7, $8, $9)`,
      [id, customerId, randomUUID(), randomUUID(), fields.hourRestriction ?? false, fields.contractHours ?? null, fields.thresholdHours ?? null, fields.usedMinutes ?? 0, admin.userId],
    );
    return id;
  }

  /** A request through the gateway to instance `instance`, as `principal`. */
  async function api(principal: Principal, method: string, path: string, body?: unknown, instance = 0): Promise<ApiResponse> {
    const sent = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(`${instances[instance]!.url}${path}`, {
      method,
      headers: { ...gatewayAssertionHeader(principal, { service: 'contracts', method, path, body: sent }), ...(sent !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: sent,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  /** The contract's running state. */
  async function contract(id: string) {
    const [row] = await rows<{ used: number; version: number; reached: boolean }>(
      'SELECT used_minutes AS used, version, threshold_reached_at IS NOT NULL AS reached FROM contracts WHERE id = $1',
      [id],
    );
    return row!;
  }

  /** The outbox's events of `type` about `aggregateId`, oldest first. */
  async function outbox(type: string, aggregateId: string): Promise<Array<{ aggregate: { version: number }; data: any }>> {
    return (
      await rows<{ payload: any }>(`SELECT payload FROM outbox WHERE event_type = $1 AND payload->'aggregate'->>'id' = $2 ORDER BY created_at, id`, [type, aggregateId])
    ).map((row) => row.payload);
  }

  /**
   * Publishes an event already handled once more (a redelivery), then one more ticket behind it and waits
   * for that, and a moment for the copy, which leaves no trace of its own when it changes nothing.
   */
  async function deliverAgain(event: Envelope) {
    await publisher.publish(event);
    await openTicket(null);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  return {
    instances,
    api,
    deliverAgain,
    rows,
    deliver,
    openTicket,
    change,
    createContract,
    contract,
    outbox,
    history: (contractId: string) => rows<{ kind: string; detail: any }>('SELECT kind, detail FROM contract_history WHERE contract_id = $1 ORDER BY id', [contractId]),
    closeTicket: (ticket: { ticketId: string; number: number; customerId: string | null; contractId: string | null }, version: number) =>
      deliver(ticketClosedV1, { id: ticket.ticketId, version }, { ...change(ticket, { status: 'closed', contractId: ticket.contractId }), from: 'resolved' }, 'tickets'),
    assignContract: (ticket: { ticketId: string; number: number; customerId: string | null }, contractId: string | null, version: number) =>
      deliver(ticketUpdatedV1, { id: ticket.ticketId, version }, { ...change(ticket, { status: 'open', contractId }), changes: [{ field: 'contractId', from: null, to: contractId }] }, 'tickets'),
    async stop() {
      for (const instance of instances.slice(1)) await instance.stop();
      await tearDownTestService(busPrefix, first, [publisher]);
    },
  };
}

export type Contracts = Awaited<ReturnType<typeof startContracts>>;
