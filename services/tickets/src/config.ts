import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3001),
  /** Base URL of the customers service's internal listener (its INTERNAL_PORT), called when an agent adds a new contact while opening a ticket. */
  CUSTOMERS_INTERNAL_URL: Type.String({ pattern: '^https?://[^\\s,]+$', default: 'http://127.0.0.1:4002' }),
});

export type TicketsConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): TicketsConfig {
  return defineConfig(schema, env);
}
