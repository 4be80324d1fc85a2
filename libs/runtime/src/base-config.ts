import { Type } from '@helpdesk/validation';

/** Settings every service has. Each service spreads these into its own schema in src/config.ts. */
export function baseConfigProperties(defaultPort: number) {
  return {
    /** TCP port of the HTTP server. */
    PORT: Type.Integer({ minimum: 0, maximum: 65535, default: defaultPort }),
    /** PostgreSQL URL of this service's own database; created on start if missing. */
    DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
    /** RabbitMQ URL. */
    AMQP_URL: Type.String({ pattern: '^amqps?://', default: 'amqp://guest:guest@127.0.0.1:5672' }),
    /** Prefix of exchange and queue names, so that deployments sharing a broker stay apart. */
    BUS_PREFIX: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$', default: 'helpdesk' }),
    /** Failures of a consumer's handler on one message before it is dead-lettered (a database outage never counts). */
    BUS_DELIVERY_LIMIT: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
    /** Shared secret the gateway signs its assertions with (32+ characters). */
    INTERNAL_TOKEN_SECRET: Type.String({ minLength: 32 }),
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
