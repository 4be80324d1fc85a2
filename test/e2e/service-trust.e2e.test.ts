/**
 * What one compromised service can get the others to do: it holds its own private key and
 * everyone's public keys, never the gateway's private key. Issue 10, point 1.
 */
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { allPermissionNames, bodyDigest, SERVICE_ASSERTION_HEADER, signGatewayAssertion, type Principal } from '@helpdesk/http';
import { gatewayAssertionHeader, queryDatabase, serviceCallHeader, startTestService, testKeys, testSecrets } from '@helpdesk/testing';
import { gatewayService } from '../../services/gateway/src/service';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { startHttpInterceptor, type InterceptedRequest } from './support/http-interceptor';
import { portalActions } from './support/portal';
import { startSystem, type System } from './support/system';

const administrator: Principal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: allPermissionNames, teamIds: [] };

describe('trust between the services', () => {
  let system: System;
  let admin: string;
  let customer: { id: string; name: string };
  let other: { id: string; name: string };
  let contact: { id: string; email: string };
  let portalToken: string;

  beforeAll(async () => {
    system = await startSystem();
    admin = await system.logInAsAdmin();
    customer = (await system.api('POST', '/api/customers', { token: admin, body: { name: `Trusted Ltd ${randomUUID().slice(0, 8)}` } })).body;
    other = (await system.api('POST', '/api/customers', { token: admin, body: { name: `Other Ltd ${randomUUID().slice(0, 8)}` } })).body;
    const portal = portalActions(() => system, () => admin);
    contact = await portal.addContact(customer.id, `trust.${randomUUID().slice(0, 8)}@customer.example`);
    portalToken = await portal.portalUser(contact, 'a portal password for trust');
  });
  afterAll(() => system?.stop());

  const customersUrl = () => system.services.customers.url;
  const ticketsUrl = () => system.services.tickets.url;
  const customerName = async () => (await system.api('GET', `/api/customers/${customer.id}`, { token: admin })).body.name;
  const contactsOf = async (customerId: string) =>
    Number((await queryDatabase<{ n: string }>(system.services.customers.databaseUrl, 'SELECT count(*) AS n FROM contacts WHERE customer_id = $1', [customerId]))[0]!.n);
  const portalStillWorks = async () => (await system.api('GET', '/api/portal/me', { token: portalToken })).status === 200;

  describe('a service holding only its own key', () => {
    // The tickets service as the attacker: its own key, the gateway's public key, every route it knows.
    const tickets = testKeys.signer('tickets');

    it('cannot get the customers service to act for a staff user, whatever name it signs under', async () => {
      const path = `/api/customers/${customer.id}`;
      const target = { service: 'customers', method: 'PATCH', path };
      const signedAsItself = signGatewayAssertion(tickets, administrator, target);
      // Its own key, the gateway's name: the signature does not verify with the gateway's public key.
      const claimingGateway = jwt.sign({ htm: 'PATCH', htu: path, principal: administrator }, tickets.privateKey, {
        algorithm: 'ES256',
        issuer: 'gateway',
        audience: 'customers',
        expiresIn: 10,
        jwtid: randomUUID(),
      });
      // The gateway's old scheme: HS256 with a secret every service held.
      const sharedSecret = jwt.sign({ htm: 'PATCH', htu: path, principal: administrator }, 'a secret that every service used to hold!', {
        algorithm: 'HS256',
        issuer: 'gateway',
        audience: 'customers',
        expiresIn: 10,
        jwtid: randomUUID(),
      });
      for (const assertion of [signedAsItself, claimingGateway, sharedSecret]) {
        const response = await fetch(`${customersUrl()}${path}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', 'x-gateway-assertion': assertion },
          body: JSON.stringify({ name: 'Taken over' }),
        });
        expect(response.status).toBe(401);
      }
      expect(await customerName()).toBe(customer.name);
    });

    it('cannot get the tickets service to act for a portal contact', async () => {
      const customers = testKeys.signer('customers');
      const path = '/api/portal/tickets';
      const asContact: Principal = { kind: 'contact', contactId: contact.id, customerId: customer.id };
      const response = await fetch(`${ticketsUrl()}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-assertion': signGatewayAssertion(customers, asContact, { service: 'tickets', method: 'POST', path }) },
        body: JSON.stringify({ subject: 'Not from the contact', description: 'd' }),
      });
      expect(response.status).toBe(401);
    });

    it('is itself on internal routes: a user it names is ignored, and a route not meant for it answers 403', async () => {
      const path = `/internal/portal-access/${contact.id}/revoke`;
      // Signed with its own key, naming an administrator: the gateway sees the tickets service, which may not revoke.
      const body = JSON.stringify({ contactVersion: 99 });
      const withUser = signGatewayAssertion(tickets, administrator, { service: 'gateway', method: 'POST', path, body });
      const response = await fetch(`${system.services.gateway.internalUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SERVICE_ASSERTION_HEADER]: withUser },
        body,
      });
      expect(response.status).toBe(403);
      expect((await response.json()).detail).toBe('Only the customers service may ask for this.');
      expect(await portalStillWorks()).toBe(true);
    });

    it('gets from another service exactly what that service allows it: the tickets service may add a contact, nothing else', async () => {
      const before = await contactsOf(other.id);
      const path = `/internal/customers/${other.id}/contacts`;
      const add = (caller: string) => {
        const body = JSON.stringify({ firstName: 'Ron', lastName: 'Weasley', email: `ron.${randomUUID().slice(0, 8)}@customer.example` });
        return fetch(`${system.services.customers.internalUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...serviceCallHeader(caller, { service: 'customers', method: 'POST', path, body }) },
          body,
        });
      };
      expect((await add('mail-ingest')).status).toBe(403);
      expect(await contactsOf(other.id)).toBe(before);
      expect((await add('tickets')).status).toBe(201);
      expect(await contactsOf(other.id)).toBe(before + 1);
    });

    it('signs the body of its call: a call captured on the wire, sent again with another body, is refused', async () => {
      const before = await contactsOf(other.id);
      const path = `/internal/customers/${other.id}/contacts`;
      const contact = (name: string) => JSON.stringify({ firstName: name, lastName: 'Weasley', email: `${name.toLowerCase()}.${randomUUID().slice(0, 8)}@customer.example` });
      const signedFor = contact('Ron');
      const headers = { 'content-type': 'application/json', ...serviceCallHeader('tickets', { service: 'customers', method: 'POST', path, body: signedFor }) };
      const tampered = await fetch(`${system.services.customers.internalUrl}${path}`, { method: 'POST', headers, body: contact('Ginny') });
      expect(tampered.status).toBe(401);
      expect((await tampered.json()).detail).toBe('The assertion was issued for another request body than this one.');
      expect(await contactsOf(other.id)).toBe(before);
      expect((await fetch(`${system.services.customers.internalUrl}${path}`, { method: 'POST', headers, body: signedFor })).status).toBe(201);
    });

    it('cannot use its signature at the gateway, which takes users\' access tokens only', async () => {
      const path = '/api/staff';
      const response = await fetch(`${system.services.gateway.url}${path}`, {
        headers: { ...serviceCallHeader('customers', { service: 'gateway', method: 'GET', path }), ...gatewayAssertionHeader(administrator, { service: 'gateway', method: 'GET', path }) },
      });
      expect(response.status).toBe(401);
    });
  });

  describe('an assertion the gateway issued', () => {
    let captured: InterceptedRequest | undefined;
    let interceptor: Awaited<ReturnType<typeof startHttpInterceptor>>;
    let secondGateway: { url: string; stop(): Promise<void> };

    // A second gateway on the same database whose requests to the customers service pass a recorder.
    beforeAll(async () => {
      interceptor = await startHttpInterceptor(customersUrl());
      interceptor.afterForward = async (request) => {
        captured = request;
      };
      secondGateway = await startTestService(gatewayService, {
        loadConfig: loadGatewayConfig,
        busPrefix: system.busPrefix,
        databaseUrl: system.services.gateway.databaseUrl,
        env: { JWT_SECRET: testSecrets.jwt, PORTAL_LINK_SECRET: testSecrets.portalLink, CUSTOMERS_URL: interceptor.url, TICKETS_URL: ticketsUrl() },
      });
    });
    afterAll(async () => {
      await secondGateway?.stop();
      await interceptor?.close();
    });

    it('is good for its one service, method and path; replayed against another service, method or path it is refused', async () => {
      const path = `/api/customers/${customer.id}`;
      const read = await fetch(`${secondGateway.url}${path}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(read.status).toBe(200);
      expect(captured).toMatchObject({ method: 'GET', path });
      const assertion = captured!.headers['x-gateway-assertion']!;
      expect(jwt.decode(assertion)).toMatchObject({ iss: 'gateway', aud: 'customers', htm: 'GET', htu: path, jti: expect.any(String) });
      const replay = (url: string, method: string, body?: unknown) =>
        fetch(url, { method, headers: { 'content-type': 'application/json', 'x-gateway-assertion': assertion }, body: body === undefined ? undefined : JSON.stringify(body) });

      // The request it was made for (a copy within its seconds is that same request again).
      expect((await replay(`${customersUrl()}${path}`, 'GET')).status).toBe(200);
      // Another method on the same path: a write that a read's assertion must not carry.
      expect((await replay(`${customersUrl()}${path}`, 'PATCH', { name: 'Replayed' })).status).toBe(401);
      expect(await customerName()).toBe(customer.name);
      // Another path, another query, another service.
      expect((await replay(`${customersUrl()}/api/customers/${other.id}`, 'GET')).status).toBe(401);
      expect((await replay(`${customersUrl()}${path}?fields=all`, 'GET')).status).toBe(401);
      expect((await replay(`${ticketsUrl()}/api/tickets`, 'GET')).status).toBe(401);
      expect((await replay(`${system.services.customers.internalUrl}${path}`, 'GET')).status).toBe(401);
    });

    it('is good for its one body: the same method and path with another body (or none) is refused, and nothing changes', async () => {
      const path = `/api/customers/${customer.id}`;
      const body = JSON.stringify({ name: customer.name });
      const write = await fetch(`${secondGateway.url}${path}`, { method: 'PATCH', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body });
      expect(write.status).toBe(200);
      expect(captured).toMatchObject({ method: 'PATCH', path });
      const assertion = captured!.headers['x-gateway-assertion']!;
      const replay = (sent: string) => fetch(`${customersUrl()}${path}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'x-gateway-assertion': assertion }, body: sent });

      for (const other of [JSON.stringify({ name: 'Replayed with another body' }), JSON.stringify({ name: customer.name, code: 'X' }), ` ${body}`, '{}']) {
        const refused = await replay(other);
        expect(refused.status).toBe(401);
        expect((await refused.json()).detail).toBe('The assertion was issued for another request body than this one.');
      }
      expect(await customerName()).toBe(customer.name);
      // The very request it was made for (a copy within its seconds is that same request again).
      expect((await replay(body)).status).toBe(200);
    });

    it('lives seconds, with a few seconds of tolerance for clocks that disagree', async () => {
      const gateway = testKeys.signer('gateway');
      const path = `/api/customers/${customer.id}`;
      const now = Math.floor(Date.now() / 1000);
      const issuedAt = (expiredSecondsAgo: number) =>
        jwt.sign({ htm: 'GET', htu: path, bdh: bodyDigest(undefined), principal: administrator, iat: now - 15 - expiredSecondsAgo, exp: now - expiredSecondsAgo }, gateway.privateKey, {
          algorithm: 'ES256',
          issuer: 'gateway',
          audience: 'customers',
          jwtid: randomUUID(),
        });
      const read = (assertion: string) => fetch(`${customersUrl()}${path}`, { headers: { 'x-gateway-assertion': assertion } });
      expect((await read(issuedAt(2))).status).toBe(200);
      const stale = await read(issuedAt(30));
      expect(stale.status).toBe(401);
      expect((await stale.json()).detail).toBe('The assertion has expired.');
    });
  });

  describe('internal routes', () => {
    it('get nothing on a service\'s public port, even correctly signed', async () => {
      const revokePath = `/internal/portal-access/${contact.id}/revoke`;
      const revoke = await fetch(`${system.services.gateway.url}${revokePath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...serviceCallHeader('customers', { service: 'gateway', method: 'POST', path: revokePath }) },
        body: JSON.stringify({ contactVersion: 99 }),
      });
      expect(revoke.status).toBe(404);
      expect(await portalStillWorks()).toBe(true);

      const before = await contactsOf(customer.id);
      const addPath = `/internal/customers/${customer.id}/contacts`;
      const add = await fetch(`${customersUrl()}${addPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...serviceCallHeader('tickets', { service: 'customers', method: 'POST', path: addPath }) },
        body: JSON.stringify({ firstName: 'Ron', lastName: 'Weasley', email: `ron.${randomUUID().slice(0, 8)}@customer.example` }),
      });
      expect(add.status).toBe(404);
      expect(await contactsOf(customer.id)).toBe(before);

      for (const service of Object.values(system.services)) {
        expect((await fetch(`${service.url}/internal/portal-access/${contact.id}`)).status).toBe(404);
      }
      // mail-ingest's attachment bytes are on its internal listener only, for the tickets service.
      const attachmentPath = `/internal/attachments/${randomUUID()}`;
      const onPublicPort = await fetch(`${system.services.mailIngest.url}${attachmentPath}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path: attachmentPath }) });
      expect(onPublicPort.status).toBe(404);
      const onInternalPort = await fetch(`${system.services.mailIngest.internalUrl}${attachmentPath}`, { headers: serviceCallHeader('tickets', { service: 'mail-ingest', method: 'GET', path: attachmentPath }) });
      expect(onInternalPort.status).toBe(404);
      expect(await onInternalPort.json()).toMatchObject({ detail: expect.stringContaining('no inbound attachment') });
    });

    it('are served on the internal listener of the services that have them, and no other service opens one', () => {
      const withInternal = Object.entries(system.services)
        .filter(([, service]) => service.internalUrl !== undefined)
        .map(([name]) => name);
      expect(withInternal.sort()).toEqual(['customers', 'gateway', 'mailIngest']);
      expect(system.services.gateway.internalUrl).not.toBe(system.services.gateway.url);
    });
  });
});
