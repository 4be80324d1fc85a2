import { Type } from '@helpdesk/validation';

/** Settings every service has. Each service spreads these into its own schema in src/config.ts. */
export function baseConfigProperties(defaultPort: number) {
  return {
    /** Address the public HTTP listener binds to (the API the gateway forwards to, health, metrics); 0.0.0.0 for every interface. */
    HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
    /** TCP port of the public HTTP listener. */
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
    /**
     * Address of the internal listener: the routes other services call, signed with their own keys.
     * Only services that have such routes open it. Reachable by the other services, never published.
     */
    INTERNAL_HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
    /** TCP port of the internal listener (the public port + 1000 by default). */
    INTERNAL_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort + 1000 }),
    /** PostgreSQL URL of this service's own database; created on start if missing. */
    DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
    /** RabbitMQ URL. */
    AMQP_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
    /** Prefix of exchange and queue names, so that deployments sharing a broker stay apart. */
    BUS_PREFIX: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', default: 'helpdesk' }),
    /** Failures of a consumer's handler on one message before it is dead-lettered (a database outage never counts). */
    BUS_DELIVERY_LIMIT: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
    /**
     * Public keys (ES256, base64 SPKI) of the gateway and of every service that signs its calls, as
     * `gateway=<key>,customers=<key>,...`: the same value for every service (`npm run keys` makes a set).
     */
    SERVICE_PUBLIC_KEYS: Type.String({ pattern: '^[a-z][a-z0-9-]*=[A-Za-z0-9+/]+={0,2}(,[a-z][a-z0-9-]*=[A-Za-z0-9+/]+={0,2})*$' }),
    /**
     * This service's own private key (ES256, base64 PKCS#8), secret to it alone: the gateway signs what
     * it vouches for with it, a service that calls another signs its requests. Others need none.
     */
    SERVICE_PRIVATE_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$' })),
    /**
     * How often a drained outbox relay looks for rows its own commits did not announce (another instance's rows it left
     * behind, retries due). Commits of this process wake it at once. 500: half the first retry back-off, for two cheap
     * queries a second per instance.
     */
    OUTBOX_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 500 }),
    /** Published outbox rows are deleted this many hours after publishing. */
    OUTBOX_RETENTION_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 365, default: 168 }),
    /** Records of applied events are kept this long (hours); a redelivery after that would apply again. */
    PROCESSED_EVENTS_RETENTION_HOURS: Type.Integer({ minimum: 24, maximum: 24 * 3650, default: 720 }),
    /** pino level: fatal, error, warn, info, debug, trace or silent. */
    LOG_LEVEL: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info' },
    ),
  };
}

const base = Type.Object(baseConfigProperties(0));
export type BaseConfig = import('@helpdesk/validation').Static<typeof base>;
