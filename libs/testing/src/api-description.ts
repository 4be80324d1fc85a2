import { spawn } from 'node:child_process';
import path from 'node:path';
import express, { type Express } from 'express';
import type { SqlExecutor } from '@helpdesk/db';
import { createMetricsRegistry, loadServiceKeys } from '@helpdesk/http';
import { createLogger } from '@helpdesk/logging';
import { compareRoutes, describeApi, describedRoutes, registeredRoutes, type OpenApiDocument } from '@helpdesk/openapi';
import type { BaseConfig, ServiceContext, ServiceDatabase, ServiceDefinition } from '@helpdesk/runtime';
import { testServiceEnv } from './start-service.js';

/**
 * The express apps a service's definition mounts (the public one and the internal one), built as
 * runService builds them but with no database behind them: to read which routes they register.
 */
export function mountedApps<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>>(
  definition: ServiceDefinition<Config, Tx, Db>,
  loadConfig: (env: NodeJS.ProcessEnv) => Config,
): { app: Express; internalApp: Express; context: ServiceContext<Config, Db> } {
  const config = loadConfig(testServiceEnv(definition.name, { DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/no_database' }));
  const keys = loadServiceKeys(definition.name, { publicKeys: config.SERVICE_PUBLIC_KEYS, privateKey: config.SERVICE_PRIVATE_KEY });
  // Mounting routes only builds routers: nothing asks the database, so none is opened.
  const context: ServiceContext<Config, Db> = { config, db: {} as Db, log: createLogger({ service: definition.name, level: 'silent' }), metrics: createMetricsRegistry(definition.name), keys };
  const app = express();
  definition.mountRoutes(app, context);
  const internalApp = express();
  definition.mountInternalRoutes?.(internalApp, context);
  return { app, internalApp, context };
}

/**
 * What a service's API description (`definition.apiDescription`, what it serves at /api-description)
 * gets wrong about the routes it really serves: routes it serves
 * under /api/ but does not describe, described routes it does not serve, internal routes (service to
 * service, never public) that it describes, and what the OpenAPI validator finds in its fragment;
 * `notApi` lists the routes it serves outside /api/ (the gateway's pages), which are no part of the
 * API. `trueApiDescription` when the description is true and every route is under /api/.
 */
export async function checkApiDescription<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>>(
  definition: ServiceDefinition<Config, Tx, Db>,
  loadConfig: (env: NodeJS.ProcessEnv) => Config,
): Promise<typeof trueApiDescription> {
  const { app, internalApp } = mountedApps(definition, loadConfig);
  const fragment = describeApi(definition.name, definition.apiDescription ?? []);
  const described = describedRoutes(fragment);
  const internal = registeredRoutes(internalApp);
  const registered = registeredRoutes(app);
  return {
    ...compareRoutes(registered.filter(isApiRoute), described),
    notApi: registered.filter((route) => !isApiRoute(route)),
    internalDescribed: described.filter((route) => internal.includes(route) || route.includes(' /internal/')),
    openApi: await validateOpenApi(fragment),
  };
}

/** `METHOD /api/...`: a route of the API (what is outside, such as the pages, is not described). */
export const isApiRoute = (route: string): boolean => route.includes(' /api/');

export const trueApiDescription: { undescribed: string[]; unregistered: string[]; notApi: string[]; internalDescribed: string[]; openApi: { valid: boolean; errors?: unknown } } = {
  undescribed: [],
  unregistered: [],
  notApi: [],
  internalDescribed: [],
  openApi: { valid: true },
};

/**
 * Validates an OpenAPI document with @seriousme/openapi-schema-validator (the official OpenAPI
 * schemas, $refs resolved). It is an ES module, which jest's CommonJS runtime cannot load, so it runs
 * in a node process of its own.
 */
export function validateOpenApi(document: OpenApiDocument | unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const script = `
    import { Validator } from '@seriousme/openapi-schema-validator';
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    const result = await new Validator().validate(JSON.parse(text));
    process.stdout.write(JSON.stringify({ valid: result.valid, errors: result.errors }));
  `;
  return new Promise((resolve, reject) => {
    // From the repository's root, where the validator is installed (libs/testing/src or dist is three levels down).
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: path.resolve(__dirname, '..', '..', '..'), stdio: ['pipe', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(output) as { valid: boolean; errors?: unknown }) : reject(new Error(`the OpenAPI validator exited with ${code}`))));
    child.stdin.end(JSON.stringify(document));
  });
}
