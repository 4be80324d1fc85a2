import { defineConfig } from '@helpdesk/config';
import { defaultMailFrom, linkKeysFrom, linkKeySettings, mailFromPattern } from '@helpdesk/contracts-schema';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3004),
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example:587. Without it, mail is written as .eml files to MAIL_DROP_DIR. */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** Folder for .eml files when no SMTP_URL is set. */
  MAIL_DROP_DIR: Type.String({ minLength: 1, default: 'var/mail' }),
  /** Sender of every system email; its domain (lower-cased) is the right-hand side of every Message-ID and the value of every X-Helpdesk-Loop header. */
  MAIL_FROM: Type.String({ pattern: mailFromPattern, default: defaultMailFrom }),
  /** How often the sender looks for queued mail when idle, in ms. */
  MAIL_SEND_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 500 }),
  /** Emails one instance sends at the same time, each over a pooled SMTP connection of its own. */
  MAIL_SEND_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
  /** Wait for the SMTP server to accept the TCP connection, in ms. */
  SMTP_CONNECTION_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  /** Wait for the SMTP server's greeting once connected, in ms. */
  SMTP_GREETING_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 10_000 }),
  /**
   * The longest the SMTP server may stay silent, in ms. A send gets the three SMTP timeouts together
   * at most; an email is claimed for that long plus 2 s, so no other instance sends it meanwhile.
   */
  SMTP_SOCKET_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 600_000, default: 60_000 }),
  /** Wait after a failed send before the next attempt, in ms; doubles with each failure, up to an hour. */
  MAIL_FIRST_RETRY_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000 }),
  ...linkKeySettings,
  /** Base address of the customer portal, for the links in emails. */
  PORTAL_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3000/portal' }),
  /** The helpdesk's name as emails sign with it (the `company.name` placeholder); empty: emails sign without a name. */
  HELPDESK_NAME: Type.String({ maxLength: 200, default: '' }),
  /** Base address of the staff application, for the password reset links sent to staff users. */
  STAFF_APP_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3000/staff' }),
  /** Days an automation's run log keeps a run. */
  AUTOMATION_RUN_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 30 }),
  /** Failed attempts after which a queued email is left for an operator to look at. */
  MAIL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});

export type NotifierConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): NotifierConfig {
  const config = defineConfig(schema, env);
  // Refuses to start when a link key id is given twice (a ConfigError), rather than sending broken links later.
  linkKeysFrom(config);
  return config;
}
