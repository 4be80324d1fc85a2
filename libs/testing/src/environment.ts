import { randomBytes } from 'node:crypto';

/**
 * Where the tests find PostgreSQL and RabbitMQ. The defaults are the servers this project's
 * machines run; set TEST_DATABASE_URL and TEST_AMQP_URL to point elsewhere.
 */
export const testEnvironment = {
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  amqpUrl: process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
};

export const testSecrets = {
  internalToken: 'test-internal-secret-0123456789abcdef',
  jwt: 'test-jwt-secret-0123456789abcdef-0123',
  portalLink: 'test-portal-link-secret-0123456789abcdef',
};

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
