import { randomUUID } from 'node:crypto';
import { inboundEmailReceivedV1, type EventData } from '@helpdesk/contracts-schema';
import type { Principal } from '@helpdesk/http';
import { gatewayAssertionHeader, queryDatabase, startTestService } from '@helpdesk/testing';
import { loadConfig as loadCustomersConfig } from '../../customers/src/config';
import { customersService } from '../../customers/src/service';
import type { TicketsTestService } from './helpers';

export type Received = EventData<typeof inboundEmailReceivedV1>;
export type Address = { address: string; name: string | null };

/**
 * Makes inbound_email.received data as mail-ingest would publish it: a new email id and Message-ID
 * (`<prefix-N-uuid@mail.example>`) each time, the rest from `defaults` and the fields given.
 */
export function inboundEmails(prefix: string, defaults: () => Partial<Received> = () => ({})) {
  let sent = 0;
  return (fields: Partial<Received> & { from: Address }): Received => {
    sent += 1;
    return {
      emailId: randomUUID(),
      emailAccountId: randomUUID(),
      mailbox: 'support@helpdesk.example',
      receivedAt: new Date().toISOString(),
      defaults: { teamId: null, priority: 'normal' },
      messageId: `<${prefix}-${sent}-${randomUUID()}@mail.example>`,
      inReplyTo: null,
      references: [],
      to: [{ address: 'support@helpdesk.example', name: null }],
      cc: [],
      subject: `Mail ${sent}`,
      date: new Date().toISOString(),
      text: `Text of mail ${sent}`,
      html: null,
      truncated: false,
      attachments: [],
      automatic: null,
      ...defaults(),
      ...fields,
    };
  };
}

/** The inbound_email.filed answers the tickets service wrote for an email, oldest first. */
export async function filedEvents(t: TicketsTestService, emailId: string): Promise<Array<Record<string, any>>> {
  const rows = await t.query<{ data: Record<string, any> }>(
    "SELECT payload->'data' AS data FROM outbox WHERE event_type = 'inbound_email.filed' AND payload->'data'->>'emailId' = $1 ORDER BY id",
    [emailId],
  );
  return rows.map((row) => row.data);
}

/**
 * The real customers service on the bus of the tickets under test (email domains, contacts, the
 * contact added for an unknown sender), with its API as an administrator and its rows.
 */
export async function startCustomersService(busPrefix: string) {
  const admin: Principal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: ['customers.manage', 'customers.view', 'contacts.manage'], teamIds: [] };
  const service = await startTestService(customersService, { loadConfig: loadCustomersConfig, busPrefix, env: { GATEWAY_INTERNAL_URL: 'http://127.0.0.1:9' } });
  async function api(method: string, path: string, body?: unknown) {
    const sent = body === undefined ? undefined : JSON.stringify(body);
    const response = await fetch(`${service.url}${path}`, {
      method,
      headers: { ...gatewayAssertionHeader(admin, { service: 'customers', method, path, body: sent }), ...(sent && { 'content-type': 'application/json' }) },
      body: sent,
    });
    const answer = await response.json();
    if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(answer)}`);
    return answer;
  }
  return { service, api, rows: (sql: string, values: unknown[] = []) => queryDatabase(service.databaseUrl, sql, values) };
}
