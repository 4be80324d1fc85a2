import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3004),
  /** SMTP server for outgoing mail, e.g. smtp://user:pass@mail.example:587. Without it, mail is written as .eml files to MAIL_DROP_DIR. */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  /** Folder for .eml files when no SMTP_URL is set. */
  MAIL_DROP_DIR: Type.String({ minLength: 1, default: 'var/mail' }),
  /** Sender of every system email. */
  MAIL_FROM: Type.String({ minLength: 3, default: 'Helpdesk <support@helpdesk.localhost>' }),
  /** How often the sender looks for queued mail when idle, in ms. */
  MAIL_SEND_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 500 }),
  /** Wait after a failed send before the next attempt, in ms; doubles with each failure, up to an hour. */
  MAIL_FIRST_RETRY_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 30_000 }),
  /** Secret shared with the gateway from which invitation link tokens are derived (32+ characters). */
  PORTAL_LINK_SECRET: Type.String({ minLength: 32 }),
  /** Base address of the customer portal, for the links in emails. */
  PORTAL_URL: Type.String({ pattern: '^https?://', default: 'http://127.0.0.1:3000/portal' }),
  /** Failed attempts after which a queued email is left for an operator to look at. */
  MAIL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});

export type NotifierConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): NotifierConfig {
  return defineConfig(schema, env);
}
