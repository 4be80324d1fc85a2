import type { Express } from 'express';
import { linkKeysFrom } from '@helpdesk/contracts-schema';
import type { Signer } from '@helpdesk/http';
import { trustedProxies, type GatewayConfig } from '../config.js';
import type { GatewayDatabase } from '../persistence/client.js';
import { apiDocsRoutes } from './api-docs.routes.js';
import { gatewayApi } from './api-description.js';
import { authRoutes, publicPaths } from './auth.routes.js';
import { authentication } from './authentication.js';
import { customerAppsRoutes } from './customer-apps.routes.js';
import { proxyTo } from './proxy.js';
import { sessionPaths, sessionRoutes } from './session.routes.js';
import { staffRoutes } from './staff.routes.js';
import { teamsRoutes } from './teams.routes.js';
import { webPages } from './web-pages.js';
import { Upstream } from './upstream.js';

/** Which service owns which part of the API; the first matching prefix wins. */
export function routeTable(config: GatewayConfig): Array<{ prefix: string; upstream: Upstream }> {
  const tickets = new Upstream('tickets', config.TICKETS_URL);
  const customers = new Upstream('customers', config.CUSTOMERS_URL);
  const mailIngest = new Upstream('mail-ingest', config.MAIL_INGEST_URL);
  const notifier = new Upstream('notifier', config.NOTIFIER_URL);
  const contracts = new Upstream('contracts', config.CONTRACTS_URL);
  return [
    { prefix: '/api/tickets', upstream: tickets },
    { prefix: '/api/portal/tickets', upstream: tickets },
    { prefix: '/api/portal/email-accounts', upstream: tickets },
    { prefix: '/api/portal/contracts', upstream: contracts },
    // Attachments of inbound email: the tickets service decides who may see them (the ticket's access).
    { prefix: '/api/attachments', upstream: tickets },
    { prefix: '/api/customers', upstream: customers },
    { prefix: '/api/customer-groups', upstream: customers },
    { prefix: '/api/contacts', upstream: customers },
    { prefix: '/api/portal', upstream: customers },
    { prefix: '/api/email-accounts', upstream: mailIngest },
    { prefix: '/api/inbound-emails', upstream: mailIngest },
    { prefix: '/api/automations', upstream: notifier },
    { prefix: '/api/emails', upstream: notifier },
    { prefix: '/api/contracts', upstream: contracts },
    { prefix: '/api/time-entries', upstream: contracts },
  ];
}

export function mountGatewayRoutes(app: Express, config: GatewayConfig, db: GatewayDatabase, signer: Signer): void {
  const tokens = { secret: config.JWT_SECRET, ttlSeconds: config.JWT_TTL_SECONDS };
  // Only these peers may say who the client is and whether it came over TLS (req.ip, req.secure).
  const proxies = trustedProxies(config);
  app.set('trust proxy', proxies.length > 0 ? proxies : false);
  app.use(authentication(db, tokens, (req) => publicPaths.has(req.path) || sessionPaths.has(`${req.method} ${req.path}`)));
  app.use(sessionRoutes(db, tokens));
  app.use(authRoutes(db, { tokens, linkKeys: linkKeysFrom(config), passwordResetTtlMinutes: config.PASSWORD_RESET_TTL_MINUTES }));
  app.use(staffRoutes(db));
  app.use(teamsRoutes(db));
  app.use(customerAppsRoutes(db));
  const table = routeTable(config);
  app.use(apiDocsRoutes({ own: gatewayApi, table }));
  const proxySettings = { signer, timeoutMs: config.UPSTREAM_TIMEOUT_MS };
  for (const { prefix, upstream } of table) app.use(prefix, proxyTo(upstream, proxySettings));
  app.use(webPages(config.WEB_ROOT));
}
