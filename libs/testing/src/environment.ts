import { randomBytes } from 'node:crypto';
import {
  GATEWAY_ASSERTION_HEADER,
  SERVICE_ASSERTION_HEADER,
  generateServiceKeys,
  loadServiceKeys,
  signGatewayAssertion,
  signServiceCall,
  signerOf,
  type Principal,
  type Signer,
} from '@helpdesk/http';

/**
 * Where the tests find PostgreSQL and RabbitMQ. The defaults are the servers this project's
 * machines run; set TEST_DATABASE_URL and TEST_AMQP_URL to point elsewhere.
 */
export const testEnvironment = {
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};

export const testSecrets = {
  jwt: 'test-jwt-secret-0123456789abcdef-0123',
  portalLink: 'test-portal-link-secret-0123456789abcdef',
  /** mail-ingest's key for the mailboxes' secrets: 32 bytes as hex. */
  emailAccountKey: '0123456789abcdef'.repeat(4),
};

/** The services whose key pairs the tests make (fresh in every test process). */
const serviceNames = ['gateway', 'tickets', 'customers', 'mail-ingest', 'notifier', 'contracts'] as const;
const generated = generateServiceKeys(serviceNames);

/** Key pairs of the six services, as their settings take them: SERVICE_PUBLIC_KEYS and each one's SERVICE_PRIVATE_KEY. */
export const testKeys = {
  publicKeys: generated.publicKeys,
  privateKey: (service: string): string => {
    const key = generated.privateKeys[service];
    if (!key) throw new Error(`the tests make no key for ${service}`);
    return key;
  },
  /** The settings of `service`'s keys, for a service started with its configuration. */
  env: (service: string) => ({ SERVICE_PUBLIC_KEYS: generated.publicKeys, SERVICE_PRIVATE_KEY: testKeys.privateKey(service) }),
  signer: (service: string): Signer => signerOf(loadServiceKeys(service, { publicKeys: generated.publicKeys, privateKey: testKeys.privateKey(service) })),
};

/** A request to sign for: its body as the exact text sent (none: an empty body). */
type Target = { service: string; method: string; path: string; body?: string };

/** The path as fetch sends it (spaces and the like percent-encoded): what the service sees and checks. */
function asSent(target: Target): Target {
  const url = new URL(target.path, 'http://service.test');
  return { ...target, path: `${url.pathname}${url.search}` };
}

/** The header with which the gateway would vouch for `principal` on this one request to `service`. */
export function gatewayAssertionHeader(principal: Principal, target: Target): Record<string, string> {
  return { [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(testKeys.signer('gateway'), principal, asSent(target)) };
}

/** The header with which `caller` signs its own request to another service's internal route. */
export function serviceCallHeader(caller: string, target: Target): Record<string, string> {
  return { [SERVICE_ASSERTION_HEADER]: signServiceCall(testKeys.signer(caller), asSent(target)) };
}

/** A short random name part, unique enough to keep parallel test files apart. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as import('node:net').AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
