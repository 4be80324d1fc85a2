import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3002),
});

export type CustomersConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): CustomersConfig {
  return defineConfig(schema, env);
}
