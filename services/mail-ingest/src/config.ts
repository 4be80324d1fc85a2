import { defineConfig } from '@helpdesk/config';
import { defaultMailFrom, mailFromPattern } from '@helpdesk/contracts-schema';
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
  /** Whether this instance fetches mail at all (an instance that only serves the API may turn it off). */
  MAIL_FETCHER_ENABLED: Type.Boolean({ default: true }),
  /** Whether this instance processes stored mail (parse, classify, announce); off, it leaves that to the others. */
  MAIL_PROCESSOR_ENABLED: Type.Boolean({ default: true }),
  /** The backstop of IDLE: every mailbox held is looked at (`UID > last`, re-SELECT) at least this often, in ms. */
  IMAP_SWEEP_INTERVAL_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 60_000 }),
  /** How long a mailbox lease lasts without renewal, in ms; renewed every third of it. A dead holder's mailboxes wait this long for another instance. */
  MAIL_LEASE_MS: Type.Integer({ minimum: 300, maximum: 600_000, default: 30_000 }),
  /** How often the accounts are read again (created, enabled, disabled, deleted, edited) and free leases looked for, in ms. */
  MAIL_ACCOUNTS_REFRESH_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 10_000 }),
  /** The longest wait between two attempts to reach a mailbox that failed, in ms (the wait doubles from 500 ms up to this). */
  IMAP_RECONNECT_MAX_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 60_000 }),
  /** An IMAP connection silent for this long (a command unanswered) is taken for dead and opened again, in ms. */
  IMAP_SOCKET_TIMEOUT_MS: Type.Integer({ minimum: 1_000, maximum: 600_000, default: 120_000 }),
  /**
   * Messages stored per transaction, with the progress past the last of them: all or none of them stored.
   * 1 is a transaction (BEGIN, progress, row, COMMIT) per message; 20 shares the transaction, the progress
   * and the commit among 20 of a backlog (issue 11 throughput). In live (IDLE) mode a group is whatever
   * arrived, so nothing waits to fill one.
   */
  MAIL_STORE_BATCH: Type.Integer({ minimum: 1, maximum: 50, default: 20 }),
  /** This instance's name in the leases it holds (default: host, pid and a random part). */
  MAIL_INSTANCE_ID: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  /** The size cap of one email, in bytes (25 MiB): a larger one is quarantined as `too-large` before anything parses it. */
  MAX_MESSAGE_BYTES: Type.Integer({ minimum: 1024, maximum: 1024 * 1024 * 1024, default: 25 * 1024 * 1024 }),
  /** How long parsing one email (mailparser and the HTML sanitiser, in a worker thread) may take, in ms; then it is stopped and the email quarantined as `parse-timeout`. */
  PARSE_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 600_000, default: 20_000 }),
  /** Heap of one parsing thread, in MB: an email that needs more is quarantined as `parse-failed` instead of ending the process. */
  PARSE_WORKER_HEAP_MB: Type.Integer({ minimum: 64, maximum: 8192, default: 512 }),
  /** Emails one instance processes at the same time, each in a parsing thread of its own. */
  PROCESSOR_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  /** How often an idle processor looks for stored emails no commit of its own announced (another instance's fetcher, a lapsed claim), in ms. */
  PROCESSOR_POLL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 2_000 }),
  /** Claims of one email that may lapse (its processor died mid-way) before it is quarantined as `parse-failed` instead of tried again. */
  PROCESSOR_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
  /**
   * An email announced to the tickets service and not filed this long after is announced again (a fresh
   * inbound_email.received with the same data: its event may have been lost), in ms; the wait doubles
   * after each further announcement.
   */
  MAIL_REANNOUNCE_AFTER_MS: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 600_000 }),
  /** Announcements of one email in all (the first included) before it is given up as `unfiled`, for an admin to retry. */
  MAIL_ANNOUNCE_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 20, default: 5 }),
  /**
   * The notifier's sender, the same setting: its domain is that of the Message-IDs the system issues, and
   * mail carrying `X-Helpdesk-Loop: <that domain>` is the system's own and never imported.
   */
  MAIL_FROM: Type.String({ pattern: mailFromPattern, default: defaultMailFrom }),
});

export type MailIngestConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): MailIngestConfig {
  const config = defineConfig(schema, env);
  // Refuses to start when a key id is given twice (a ConfigError), rather than failing on a secret later.
  secretKeysFrom(config);
  return config;
}
