import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';
import { secretKeysFrom } from './domain/secret-box.js';

const keyId = '[A-Za-z0-9_-]{1,64}';
const key = '[0-9a-fA-F]{64}';

const schema = Type.Object({
  ...baseConfigProperties(3003),
  /**
   * The key that seals the mailboxes' passwords, refresh tokens and client secrets (AES-256-GCM):
   * 32 random bytes as 64 hex characters (`openssl rand -hex 32`). Held by mail-ingest alone.
   */
  EMAIL_ACCOUNT_SECRET_KEY: Type.String({ pattern: `^${key}$` }),
  /** The id of that key, stored beside every secret it seals: change it together with the key. */
  EMAIL_ACCOUNT_SECRET_KEY_ID: Type.String({ pattern: `^${keyId}$`, default: 'k1' }),
  /** Earlier keys that still open what they sealed, as `id:hex,id:hex`; each secret is sealed anew with the current key when its account is saved. */
  EMAIL_ACCOUNT_PREVIOUS_KEYS: Type.Optional(Type.String({ pattern: `^${keyId}:${key}(,${keyId}:${key})*$` })),
  /** How long the connection test of a saved account may take in all (connect, TLS, sign-in, folder), in ms. */
  IMAP_TEST_TIMEOUT_MS: Type.Integer({ minimum: 500, maximum: 120_000, default: 15_000 }),
});

export type MailIngestConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): MailIngestConfig {
  const config = defineConfig(schema, env);
  // Refuses to start when a key id is given twice (a ConfigError), rather than failing on a secret later.
  secretKeysFrom(config);
  return config;
}
