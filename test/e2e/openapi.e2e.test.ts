import { describedRoutes, jsonSchemaOf, registeredRoutes, type OpenApiDocument } from '@helpdesk/openapi';
import { CSRF_HEADER, SESSION_COOKIE } from '@helpdesk/http';
import { isApiRoute, mountedApps, validateOpenApi } from '@helpdesk/testing';
import { contractsService } from '../../services/contracts/src/service';
import { loadConfig as loadContractsConfig } from '../../services/contracts/src/config';
import { parseNewContract } from '../../services/contracts/src/http/contracts.schemas';
import { customersService } from '../../services/customers/src/service';
import { loadConfig as loadCustomersConfig } from '../../services/customers/src/config';
import { gatewayService } from '../../services/gateway/src/service';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { forwardedTo } from '../../services/gateway/src/http/api-docs.routes';
import { pageContentSecurityPolicy } from '../../services/gateway/src/http/web-pages';
import { routeTable } from '../../services/gateway/src/http/routes';
import { mailIngestService } from '../../services/mail-ingest/src/service';
import { loadConfig as loadMailIngestConfig } from '../../services/mail-ingest/src/config';
import { notifierService } from '../../services/notifier/src/service';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';
import { ticketsService } from '../../services/tickets/src/service';
import { loadConfig as loadTicketsConfig } from '../../services/tickets/src/config';
import { parseNewTicket } from '../../services/tickets/src/http/tickets.schemas';
import { startSystem, type System } from './support/system';

/** Every route each service's express app registers, read from its router stack (not from the descriptions). */
const upstreamRoutes = {
  tickets: registeredRoutes(mountedApps(ticketsService, loadTicketsConfig).app),
  customers: registeredRoutes(mountedApps(customersService, loadCustomersConfig).app),
  'mail-ingest': registeredRoutes(mountedApps(mailIngestService, loadMailIngestConfig).app),
  notifier: registeredRoutes(mountedApps(notifierService, loadNotifierConfig).app),
  contracts: registeredRoutes(mountedApps(contractsService, loadContractsConfig).app),
};
// Outside /api/ the gateway serves the pages of web/, which are no part of the API.
const gatewayRoutes = registeredRoutes(mountedApps(gatewayService, loadGatewayConfig).app).filter(isApiRoute);
const pathOf = (route: string) => route.slice(route.indexOf(' ') + 1);

let system: System;
let document: OpenApiDocument;

beforeAll(async () => {
  system = await startSystem();
  const answer = await fetch(`${system.services.gateway.url}/api/openapi.json`);
  expect(answer.status).toBe(200);
  document = (await answer.json()) as OpenApiDocument;
});

afterAll(async () => {
  await system?.stop();
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (@seriousme/openapi-schema-validator), public, with the usual security headers', async () => {
    expect(document.openapi).toBe('3.1.0');
    expect(await validateOpenApi(document)).toEqual({ valid: true });
    const answer = await fetch(`${system.services.gateway.url}/api/openapi.json`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    expect(answer.headers.get('content-security-policy')).toBe("default-src 'none';frame-ancestors 'none'");
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    expect(answer.headers.get('x-frame-options')).toBe('DENY');
  });

  it("describes exactly the routes the gateway serves: its own, and each service's under the prefixes forwarded to it", () => {
    const table = routeTable(system.services.gateway.config);
    const forwarded = Object.entries(upstreamRoutes).flatMap(([service, routes]) => routes.filter((route) => forwardedTo(table, pathOf(route))?.service === service));
    expect(describedRoutes(document).sort()).toEqual([...new Set([...gatewayRoutes, ...forwarded])].sort());
    // Sanity: the services' routes were read (96 today), and the gateway's own.
    expect(forwarded.length).toBeGreaterThan(90);
    expect(gatewayRoutes).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/openapi.json', 'GET /api/docs']));
  });

  it("leaves out no public route of a service: each is under a prefix the gateway forwards to that service", () => {
    const table = routeTable(system.services.gateway.config);
    const unreachable = Object.entries(upstreamRoutes).flatMap(([service, routes]) => routes.filter((route) => forwardedTo(table, pathOf(route))?.service !== service));
    expect(unreachable).toEqual([]);
  });

  it('names every operation once (operationId)', () => {
    const ids = Object.values(document.paths).flatMap((item) => Object.values(item).map((operation) => (operation as { operationId: string }).operationId));
    expect(ids).toHaveLength(describedRoutes(document).length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter, and marks who may call each operation', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
      for (const operation of Object.values(item) as Array<{ parameters?: Array<{ in: string; name: string }>; security: unknown[]; 'x-helpdesk-auth': string }>) {
        expect({ path, declared: (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name).sort() }).toEqual({ path, declared: names });
        expect(['public', 'staff', 'contact', 'signed-in']).toContain(operation['x-helpdesk-auth']);
        expect(operation.security.length === 0).toBe(operation['x-helpdesk-auth'] === 'public');
      }
    }
  });

  it("names the gateway's own session cookie and CSRF header", () => {
    const schemes = document.components.securitySchemes as Record<string, { in: string; name: string }>;
    expect(schemes.sessionCookie).toMatchObject({ in: 'cookie', name: SESSION_COOKIE });
    expect(schemes.csrfToken!.in).toBe('header');
    expect(schemes.csrfToken!.name.toLowerCase()).toBe(CSRF_HEADER.toLowerCase());
  });

  it('gives the very schemas the parsers validate with', () => {
    const body = (path: string) => (document.paths[path]!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } }).requestBody.content['application/json'].schema;
    expect(body('/api/tickets')).toEqual(jsonSchemaOf(parseNewTicket));
    expect(body('/api/contracts')).toEqual(jsonSchemaOf(parseNewContract));
    expect(body('/api/tickets').required).toEqual(expect.arrayContaining(['subject', 'description']));
  });

  it('requires of a new ticket what the tickets service refuses without: each field the description calls required', async () => {
    const token = await system.logInAsAdmin();
    const complete = { subject: 'VPN drops', description: 'Every hour.', requesterEmail: 'dana@customer.example' };
    const { required } = (document.paths['/api/tickets']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } }).requestBody.content['application/json'].schema;
    for (const field of required) {
      const { [field as keyof typeof complete]: _left, ...without } = complete;
      const { status, body } = await system.api('POST', '/api/tickets', { token, body: without });
      expect({ field, status, errors: body.errors }).toEqual({ field, status: 400, errors: expect.arrayContaining([{ pointer: `/${field}`, message: 'is required' }]) });
    }
  });

  it('is served by each service as a fragment at /api-description, outside /api (no assertion), and never through the gateway', async () => {
    const fragment = await fetch(`${system.services.tickets.url}/api-description`);
    expect(fragment.status).toBe(200);
    expect(Object.keys(((await fragment.json()) as OpenApiDocument).paths)).toContain('/api/tickets/{id}');
    expect((await fetch(`${system.services.gateway.url}/api-description`)).status).toBe(404);
  });
});

describe('the page to read it, /api/docs', () => {
  it('is served under a CSP without inline script or eval, and every file it loads is served by the gateway', async () => {
    const gateway = system.services.gateway.url;
    const page = await fetch(`${gateway}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(pageContentSecurityPolicy);
    expect(pageContentSecurityPolicy).toMatch(/script-src 'self';/);
    expect(pageContentSecurityPolicy).not.toMatch(/unsafe-inline|unsafe-eval|http:|https:|\*/);
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/i);

    const files = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(files).toEqual(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/start-api-docs.js']);
    for (const file of files) {
      const answer = await fetch(`${gateway}${file}`);
      expect({ file, status: answer.status, type: answer.headers.get('content-type') }).toEqual({ file, status: 200, type: expect.stringMatching(file.endsWith('.css') ? /^text\/css/ : /^text\/javascript/) });
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      const text = await answer.text();
      if (file.endsWith('swagger-ui-bundle.js')) expect(text).toContain('SwaggerUIBundle');
      if (file.endsWith('start-api-docs.js')) expect(text).toMatch(/url: '\/api\/openapi\.json'[\s\S]*validatorUrl: null/);
    }
    expect((await fetch(`${gateway}/api/docs/swagger-ui.js.map`)).status).toBe(401);
  });
});
