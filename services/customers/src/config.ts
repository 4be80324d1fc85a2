import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3002),
  /**
   * Base URL of a gateway's internal listener (its INTERNAL_PORT, never the public one): revokes a
   * contact's portal access before a move or deactivation, and says whether a contact can sign in.
   */
  GATEWAY_INTERNAL_URL: Type.String({ pattern: '^https?://[^\\s,]+$', default: 'http://127.0.0.1:4000' }),
});

export type CustomersConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): CustomersConfig {
  return defineConfig(schema, env);
}
