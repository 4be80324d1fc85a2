import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3001),
});

export type TicketsConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): TicketsConfig {
  return defineConfig(schema, env);
}
