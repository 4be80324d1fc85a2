import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { areaAddedV1, contactAddedV1, customerCreatedV1, locationAddedV1, teamCreatedV1, type Envelope } from '@helpdesk/contracts-schema';
import type { ContactPrincipal, Principal, StaffPrincipal } from '@helpdesk/http';
import { gatewayClient, newTestBusPrefix, queryDatabase, startTestPublisher, startTestService, tearDownTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { ticketsService } from '../src/service';

export interface CallOptions {
  as?: Principal;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
  /** The raw response text: searched for text that must never appear. */
  text: string;
}

/**
 * The tickets service on a database and bus prefix of its own, a publisher for the customer and
 * contact events it consumes, and an HTTP helper that signs the caller's principal as the gateway would.
 */
export async function startTickets(options: { customersUrl?: string; env?: Record<string, string>; busPrefix?: string } = {}) {
  const busPrefix = options.busPrefix ?? newTestBusPrefix();
  const service = await startTestService(ticketsService, {
    loadConfig,
    busPrefix,
    // Port 9 (discard) refuses connections: a test that needs the customers service starts a stand-in.
    env: { CUSTOMERS_INTERNAL_URL: options.customersUrl ?? 'http://127.0.0.1:9', ...options.env },
  });
  await service.bus.waitUntilConnected();

  const publisher = await startTestPublisher(busPrefix, 'tickets-test');
  const { publish } = publisher;

  const call: (method: string, path: string, options?: CallOptions) => Promise<CallResult> = gatewayClient('tickets', () => service.url);

  function query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, values: unknown[] = []): Promise<T[]> {
    return queryDatabase<T>(service.databaseUrl, sql, values);
  }

  /** The data of the events recorded in the outbox for a ticket, oldest first. */
  async function recorded(type: string, ticketId: string): Promise<Record<string, unknown>[]> {
    const rows = await query<{ payload: { data: Record<string, unknown> } }>(
      "SELECT payload FROM outbox WHERE event_type = $1 AND payload->'data'->>'ticketId' = $2 ORDER BY id",
      [type, ticketId],
    );
    return rows.map((row) => row.payload.data);
  }

  /** Waits until the projection row has applied the event (its version reached the event's). */
  async function projected(table: 'customers' | 'contacts' | 'locations' | 'areas', event: Envelope<unknown>): Promise<void> {
    const { id, version } = event.aggregate;
    await waitFor(async () => (await query(`SELECT 1 FROM ${table} WHERE id = $1 AND version >= $2`, [id, version])).length > 0, {
      what: `${table} row ${id} at version ${version}`,
    });
  }

  /** A customer as the customers service would announce it, once the tickets service has it. */
  async function addCustomer(portalTicketVisibility: 'own' | 'customer' = 'own', name = 'Emma Watson Ltd') {
    const customerId = randomUUID();
    await projected('customers', await publish(customerCreatedV1, { id: customerId, version: 1 }, { customerId, name, portalTicketVisibility, groupId: null }));
    return customerId;
  }

  async function addContact(customerId: string, firstName = 'Harry') {
    const contact = { contactId: randomUUID(), customerId, firstName, lastName: 'Porter', email: `${firstName.toLowerCase()}.${randomUUID().slice(0, 8)}@customer.example` };
    await projected('contacts', await publish(contactAddedV1, { id: contact.contactId, version: 1 }, contact));
    return contact;
  }

  /** A location of the customer, as the customers service would announce it, once the tickets service has it. */
  async function addLocation(customerId: string): Promise<string> {
    const locationId = randomUUID();
    await projected('locations', await publish(locationAddedV1, { id: locationId, version: 1 }, { locationId, customerId, name: 'Head office', address: null }));
    return locationId;
  }

  async function addArea(customerId: string): Promise<string> {
    const areaId = randomUUID();
    await projected('areas', await publish(areaAddedV1, { id: areaId, version: 1 }, { areaId, customerId, name: 'Accounting' }));
    return areaId;
  }

  /**
   * A team as the gateway would announce it, once the tickets service has it: 'all' customers or
   * the ones given, and these members.
   */
  async function addTeam(access: 'all' | string[], memberIds: string[] = []): Promise<string> {
    const teamId = randomUUID();
    await publish(teamCreatedV1, { id: teamId, version: 1 }, {
      teamId,
      name: `Team ${teamId.slice(0, 8)}`,
      ticketAccess: access === 'all' ? 'all' : 'selected',
      customerIds: access === 'all' ? [] : access,
      memberIds,
    });
    await waitFor(async () => (await query('SELECT 1 FROM team_access WHERE team_id = $1', [teamId])).length > 0, { what: `team ${teamId}` });
    return teamId;
  }

  /** An agent whose one team reaches these customers (or all of them). */
  async function agentOf(access: 'all' | string[], userId: string = randomUUID()): Promise<StaffPrincipal> {
    return { ...staff(), role: 'agent', userId, teamIds: [await addTeam(access, [userId])] };
  }

  const stop = () => tearDownTestService(busPrefix, service, [publisher]);

  return { service, busPrefix, publish, call, query, recorded, projected, addCustomer, addContact, addLocation, addArea, addTeam, agentOf, stop };
}

export type TicketsTestService = Awaited<ReturnType<typeof startTickets>>;

/**
 * An administrator (who reaches every customer) with an agent's permissions; an agent limited to
 * some customers comes from `agentOf`, through a team the service has projected.
 */
export function staff(userId: string = randomUUID()): StaffPrincipal {
  return { kind: 'staff', userId, role: 'admin', permissions: ['customers.view', 'contacts.manage'], teamIds: [] };
}

export function portalUser(contact: { contactId: string; customerId: string }): ContactPrincipal {
  return { kind: 'contact', contactId: contact.contactId, customerId: contact.customerId };
}

export const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });

/** A node:http server standing in for the customers service; `reply` decides each answer (status 0 drops the connection). */
export async function startFakeCustomers(reply: (req: { method: string; url: string; headers: http.IncomingHttpHeaders; body: unknown }) => { status: number; body?: unknown }) {
  const requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: unknown }> = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
      requests.push(seen);
      const { status, body } = reply(seen);
      // Status 0: drop the connection, as a service that went away would.
      if (status === 0) return void req.socket.destroy();
      res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
