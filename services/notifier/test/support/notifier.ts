import { randomUUID } from 'node:crypto';
import { allPermissionNames, type StaffPrincipal } from '@helpdesk/http';
import {
  deleteBusTopology,
  gatewayClient,
  newTestBusPrefix,
  queryDatabase,
  startTestPublisher,
  startTestService,
  startTestSmtp,
  watchEvents,
  type TestSmtpOptions,
} from '@helpdesk/testing';
import { notifierService } from '../../src/service';
import { loadConfig } from '../../src/config';

/**
 * The notifier on a database and bus prefix of its own, sending to a real SMTP server in the test:
 * a publisher stands in for the services whose events it consumes, a watcher sees what it publishes,
 * and `call` signs the caller's principal as the gateway would.
 */
export async function startNotifierWithSmtp(options: { env?: Record<string, string>; smtp?: TestSmtpOptions; watch?: string[] } = {}) {
  const busPrefix = newTestBusPrefix();
  const smtp = await startTestSmtp(options.smtp);
  const published = await watchEvents(busPrefix, options.watch ?? []);
  const service = await startTestService(notifierService, {
    loadConfig,
    busPrefix,
    env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', MAIL_FIRST_RETRY_MS: '100', PORTAL_URL: 'https://portal.helpdesk.test', ...options.env },
  });
  await service.bus.waitUntilConnected();
  const publisher = await startTestPublisher(busPrefix, 'notifier-test');

  const call = gatewayClient('notifier', () => service.url);

  const query = <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, values: unknown[] = []) => queryDatabase<T>(service.databaseUrl, sql, values);

  async function stop() {
    try {
      await publisher.stop();
      await published.close();
      await service.stop();
      await service.dropDatabase();
      await smtp.close();
    } finally {
      await deleteBusTopology(busPrefix);
    }
  }

  return { service, smtp, publisher, published: published.received, call, query, stop };
}

export type NotifierWithSmtp = Awaited<ReturnType<typeof startNotifierWithSmtp>>;

export function administrator(): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: [...allPermissionNames], teamIds: [] };
}

/** An agent with `permissions` and no team: access to no customer. */
export function agent(permissions: string[]): StaffPrincipal {
  return { kind: 'staff', userId: randomUUID(), role: 'agent', permissions: permissions as StaffPrincipal['permissions'], teamIds: [] };
}
