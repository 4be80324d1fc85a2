import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { defineConfig } from '@helpdesk/config';
import { linkKeysFrom, linkKeySettings } from '@helpdesk/contracts-schema';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

/** One or more base URLs of a service's instances, comma-separated; the gateway spreads requests over them. */
const upstream = (defaultUrl: string) => Type.String({ pattern: '^https?://[^,\\s]+(,https?://[^,\\s]+)*$', default: defaultUrl });

const schema = Type.Object({
  ...baseConfigProperties(3000),
  /** Secret that access tokens are signed with (HS256, 32+ characters). */
  JWT_SECRET: Type.String({ minLength: 32 }),
  /** Lifetime of an access token in seconds. */
  JWT_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 3600 }),
  /** Email of the first administrator, created on first start when there is no staff user yet. */
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email' })),
  /** Password of that first administrator (12+ characters); only read while no staff user exists. */
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 12 })),
  ...linkKeySettings,
  /** How long an invitation link stays valid, in hours. */
  INVITATION_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 24 * 30, default: 168 }),
  /** How long a password reset link stays valid, in minutes. */
  PASSWORD_RESET_TTL_MINUTES: Type.Integer({ minimum: 5, maximum: 24 * 60, default: 60 }),
  /** The built pages of web/ (the portal and the staff console), served under /portal/ and /staff/. */
  WEB_ROOT: Type.String({ minLength: 1, default: path.resolve(__dirname, '..', '..', '..', 'web', 'dist') }),
  TICKETS_URL: upstream('http://127.0.0.1:3001'),
  CUSTOMERS_URL: upstream('http://127.0.0.1:3002'),
  MAIL_INGEST_URL: upstream('http://127.0.0.1:3003'),
  NOTIFIER_URL: upstream('http://127.0.0.1:3004'),
  CONTRACTS_URL: upstream('http://127.0.0.1:3005'),
  /**
   * The load balancers or proxies in front of the gateway, comma-separated addresses or CIDR ranges
   * (`10.0.0.0/8,fd00::/8`). Only a request from one of them may name the client (X-Forwarded-For) and
   * its scheme (X-Forwarded-Proto: https brings HSTS); empty: the TCP peer is the client.
   */
  TRUSTED_PROXIES: Type.String({ default: '' }),
  /** How long a service instance has to answer a forwarded request, in ms, before the caller gets a 504. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 30_000 }),
});

export type GatewayConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const config = defineConfig(schema, env);
  trustedProxies(config);
  // Refuses to start when a link key id is given twice (a ConfigError), rather than answering links with a 500 later.
  linkKeysFrom(config);
  return config;
}

/** TRUSTED_PROXIES as a list for express's 'trust proxy'; an entry that is no address or range stops start-up, named. */
export function trustedProxies(config: Pick<GatewayConfig, 'TRUSTED_PROXIES'>): string[] {
  const entries = config.TRUSTED_PROXIES.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    if (!ipaddr.isValid(entry) && !isCidr(entry)) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8)`);
  }
  return entries;
}

function isCidr(entry: string): boolean {
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}
