import { ConfigError } from '@helpdesk/config';
import { flushLog } from '@helpdesk/logging';
import type { SqlExecutor } from '@helpdesk/db';
import type { BaseConfig } from './base-config.js';
import { runService, type ServiceDatabase, type ServiceDefinition } from './run-service.js';

/**
 * The body of every service's main.ts: read the configuration (one clear line and exit 1 if it is
 * bad), start, and stop cleanly on SIGTERM or SIGINT.
 */
export function runMain<Config extends BaseConfig, Tx extends SqlExecutor, Db extends ServiceDatabase<Tx>>(
  definition: ServiceDefinition<Config, Tx, Db>,
  loadConfig: (env: NodeJS.ProcessEnv) => Config,
): void {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${definition.name}: ${error.message}\n`);
    process.exit(1);
  }
  runService(definition, config).then(
    (service) => {
      const shutdown = (signal: string) => {
        service.log.info({ signal }, 'shutting down');
        service.stop().then(
          () => process.exit(0),
          (err) => {
            service.log.error({ err }, 'unclean shutdown');
            void flushLog(service.log).finally(() => process.exit(1));
          },
        );
      };
      process.once('SIGTERM', shutdown);
      process.once('SIGINT', shutdown);
    },
    (error: Error) => {
      process.stderr.write(`${definition.name}: failed to start: ${error.message}\n`);
      process.exit(1);
    },
  );
}
