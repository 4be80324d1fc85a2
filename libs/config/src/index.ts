import { compile, type Static, type TSchema } from '@helpdesk/validation';

export class ConfigError extends Error {}

/**
 * Reads settings from `env` against a TypeBox schema: strings become numbers and booleans,
 * defaults are filled in, and a missing or bad setting fails with one line naming it.
 */
export function defineConfig<S extends TSchema>(schema: S, env: NodeJS.ProcessEnv): Readonly<Static<S>> {
  const input: Record<string, unknown> = {};
  const properties = (schema as unknown as { properties: Record<string, unknown> }).properties;
  for (const key of Object.keys(properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const result = compile(schema, { coerce: true })(input);
  if (!result.ok) {
    const reasons = result.problems.map((p) => `${p.pointer.replace(/^\//, '')} ${p.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${reasons}`);
  }
  // Every setting the schema declares is a key of the result, an unset optional one as undefined:
  // what a service reads is then visible from its config (the compose test relies on it).
  const settings = result.value as Record<string, unknown>;
  for (const key of Object.keys(properties)) if (!(key in settings)) settings[key] = undefined;
  return Object.freeze(result.value);
}

export * from './key-ring.js';
