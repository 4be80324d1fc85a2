import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3005),
});

export type ContractsConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): ContractsConfig {
  return defineConfig(schema, env);
}
