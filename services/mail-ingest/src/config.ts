import { defineConfig } from '@helpdesk/config';
import { baseConfigProperties } from '@helpdesk/runtime';
import { Type, type Static } from '@helpdesk/validation';

const schema = Type.Object({
  ...baseConfigProperties(3003),
});

export type MailIngestConfig = Static<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv): MailIngestConfig {
  return defineConfig(schema, env);
}
