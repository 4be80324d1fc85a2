import { createLogger } from '@helpdesk/logging';
import {
  deleteBusTopology,
  dropTestDatabases,
  jsonClient,
  freePort,
  newTestBusPrefix,
  startTestService,
  startTestSmtp,
  testSecrets,
} from '@helpdesk/testing';
import { gatewayService } from '../../../services/gateway/src/service';
import { loadConfig as loadGatewayConfig } from '../../../services/gateway/src/config';
import { ticketsService } from '../../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../../services/tickets/src/config';
import { customersService } from '../../../services/customers/src/service';
import { loadConfig as loadCustomersConfig } from '../../../services/customers/src/config';
import { mailIngestService } from '../../../services/mail-ingest/src/service';
import { loadConfig as loadMailIngestConfig } from '../../../services/mail-ingest/src/config';
import { notifierService } from '../../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../../services/notifier/src/config';
import { contractsService } from '../../../services/contracts/src/service';
import { loadConfig as loadContractsConfig } from '../../../services/contracts/src/config';

export const admin = { email: 'admin@helpdesk.test', password: 'correct horse battery staple' };

export type LogLine = Record<string, unknown> & { service: string; msg: string; correlationId?: string };

/** A logger per service whose JSON lines land in `lines`, to check what the services log (down to debug: 'event handled'). */
function capturingLogger(service: string, lines: LogLine[]) {
  return createLogger({ service, level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
}

type ServiceName = 'gateway' | 'tickets' | 'customers' | 'mail-ingest' | 'notifier' | 'contracts';

/**
 * All six services in this process, on their own databases, a bus prefix of their own and a test SMTP server.
 * `env` adds or overrides settings of a service.
 */
export async function startSystem(options: { env?: Partial<Record<ServiceName, Record<string, string>>> } = {}) {
  const envOf = (service: ServiceName) => options.env?.[service] ?? {};
  const busPrefix = newTestBusPrefix();
  const smtp = await startTestSmtp();
  const logs: LogLine[] = [];
  // The customers service calls the gateway's internal listener (to revoke portal access), so its port is chosen first.
  const gatewayInternalPort = await freePort();
  // The tickets service calls the customers service's internal listener (a new contact with a ticket).
  const customersInternalPort = await freePort();
  // The tickets service fetches inbound attachments from mail-ingest's internal listener.
  const mailIngestInternalPort = await freePort();
  const [tickets, customers, mailIngest, notifier, contracts] = await Promise.all([
    startTestService(ticketsService, {
      loadConfig: loadTicketsConfig,
      busPrefix,
      log: capturingLogger('tickets', logs),
      env: { CUSTOMERS_INTERNAL_URL: `http://127.0.0.1:${customersInternalPort}`, MAIL_INGEST_INTERNAL_URL: `http://127.0.0.1:${mailIngestInternalPort}`, ...envOf('tickets') },
    }),
    startTestService(customersService, {
      loadConfig: loadCustomersConfig,
      busPrefix,
      log: capturingLogger('customers', logs),
      env: { INTERNAL_PORT: String(customersInternalPort), GATEWAY_INTERNAL_URL: `http://127.0.0.1:${gatewayInternalPort}`, ...envOf('customers') },
    }),
    startTestService(mailIngestService, { loadConfig: loadMailIngestConfig, busPrefix, log: capturingLogger('mail-ingest', logs), env: { INTERNAL_PORT: String(mailIngestInternalPort), ...envOf('mail-ingest') } }),
    startTestService(notifierService, { loadConfig: loadNotifierConfig, busPrefix, log: capturingLogger('notifier', logs), env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', PORTAL_LINK_SECRET: testSecrets.portalLink, PORTAL_URL: 'https://portal.helpdesk.test', STAFF_APP_URL: 'https://staff.helpdesk.test', ...envOf('notifier') } }),
    startTestService(contractsService, { loadConfig: loadContractsConfig, busPrefix, log: capturingLogger('contracts', logs), env: envOf('contracts') }),
  ]);
  const gateway = await startTestService(gatewayService, {
    loadConfig: loadGatewayConfig,
    busPrefix,
    log: capturingLogger('gateway', logs),
    env: {
      INTERNAL_PORT: String(gatewayInternalPort),
      JWT_SECRET: testSecrets.jwt,
      PORTAL_LINK_SECRET: testSecrets.portalLink,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      TICKETS_URL: tickets.url,
      CUSTOMERS_URL: customers.url,
      MAIL_INGEST_URL: mailIngest.url,
      NOTIFIER_URL: notifier.url,
      CONTRACTS_URL: contracts.url,
      ...envOf('gateway'),
    },
  });
  const services = { gateway, tickets, customers, mailIngest, notifier, contracts };
  await Promise.all(Object.values(services).map((service) => service.bus.waitUntilConnected()));

  const api = jsonClient(() => gateway.url);

  async function logInAsAdmin(): Promise<string> {
    const { status, body } = await api('POST', '/api/auth/login', { body: admin });
    if (status !== 200) throw new Error(`admin login failed: ${status} ${JSON.stringify(body)}`);
    return body.accessToken;
  }

  async function stop() {
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await smtp.close();
    await dropTestDatabases(Object.values(services).map((service) => service.databaseUrl));
    await deleteBusTopology(busPrefix, ['notifier', 'gateway', 'customers', 'tickets', 'mail-ingest'].map((name) => `${busPrefix}.${name}`));
  }

  return { busPrefix, smtp, logs, services, api, logInAsAdmin, stop };
}

export type System = Awaited<ReturnType<typeof startSystem>>;
