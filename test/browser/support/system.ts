import { freePort } from '@helpdesk/testing';
import { startSystem } from '../../e2e/support/system';

/**
 * The whole system for a browser: the gateway on a port chosen first, so that the links the notifier
 * emails (invitations, password resets, tickets) lead to the gateway's own pages, as in production.
 */
export async function startBrowserSystem(env: NonNullable<Parameters<typeof startSystem>[0]>['env'] = {}) {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const system = await startSystem({
    env: {
      ...env,
      gateway: { PORT: String(port), ...env?.gateway },
      notifier: { PORTAL_URL: `${origin}/portal`, STAFF_APP_URL: `${origin}/staff`, ...env?.notifier },
    },
  });
  return { ...system, origin };
}

export type BrowserSystem = Awaited<ReturnType<typeof startBrowserSystem>>;
