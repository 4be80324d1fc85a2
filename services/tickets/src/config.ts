import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3001),
  /** Base URL of the customers service's internal listener (its INTERNAL_PORT), called when an agent adds a new contact while opening a ticket. */
  CUSTOMERS_INTERNAL_URL: Type.String({ pattern: '^https?://[^\\s,]+$', default: 'http://127.0.0.1:4002' }),
  /** Base URL of mail-ingest's internal listener, from which the bytes of email attachments are fetched. */
  MAIL_INGEST_INTERNAL_URL: Type.String({ pattern: '^https?://[^\\s,]+$', default: 'http://127.0.0.1:4003' }),
  /** A reply by email to a ticket closed at most this many days ago reopens it; later, it opens a new ticket linked to the old one. */
  REOPEN_WITHIN_DAYS: Type.Integer({ minimum: 0, maximum: 3650, default: 14 }),
});

export type TicketsConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): TicketsConfig {
  return defineConfig(schema, env);
}
