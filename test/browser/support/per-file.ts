import type { Browser } from 'playwright-core';
import { launchBrowser } from './browser';
import { startBrowserSystem, type BrowserSystem } from './system';

/**
 * The whole system and a browser for the tests of one file: started before them (with the administrator's
 * API token), stopped after them. Read its fields inside the tests, once started.
 */
export function browserSystemPerFile(env?: Parameters<typeof startBrowserSystem>[0]) {
  const started = {} as { system: BrowserSystem; browser: Browser; adminToken: string };
  beforeAll(async () => {
    [started.system, started.browser] = await Promise.all([startBrowserSystem(env), launchBrowser()]);
    started.adminToken = await started.system.logInAsAdmin();
  });
  afterAll(async () => {
    await started.browser?.close();
    await started.system?.stop();
  });
  return started;
}
