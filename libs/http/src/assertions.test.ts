import jwt from 'jsonwebtoken';
import { bodyDigest, requireAssertedBody, signGatewayAssertion, signServiceCall, verifyGatewayAssertion, verifyServiceCall } from './assertions.js';
import { generateServiceKeys, loadServiceKeys, signerOf } from './service-keys.js';
import type { Principal } from './principal.js';

const generated = generateServiceKeys(['gateway', 'tickets', 'customers']);
const keysOf = (service: string, withPrivate = true) =>
  loadServiceKeys(service, { publicKeys: generated.publicKeys, privateKey: withPrivate ? generated.privateKeys[service] : undefined });
const gateway = signerOf(keysOf('gateway'));
const tickets = signerOf(keysOf('tickets'));
const customersKeys = keysOf('customers');
const staff: Principal = { kind: 'staff', userId: 'u-1', role: 'agent', permissions: [], teamIds: [] };
const request = { method: 'GET', path: '/api/customers/1?x=1' };

describe('gateway assertions', () => {
  it('carry the user to the one service, method and path they were signed for', () => {
    const token = signGatewayAssertion(gateway, staff, { service: 'customers', ...request });
    expect(verifyGatewayAssertion(customersKeys, token, request)).toEqual({ principal: staff, bodyDigest: bodyDigest(undefined) });
  });

  it('carry the digest of the very body they were signed for: another body, or none, is refused', () => {
    const body = Buffer.from('{"firstName":"a"}');
    const token = signGatewayAssertion(gateway, staff, { service: 'customers', method: 'PATCH', path: '/api/contacts/x', body });
    const { bodyDigest: asserted } = verifyGatewayAssertion(customersKeys, token, { method: 'PATCH', path: '/api/contacts/x' });
    expect(() => requireAssertedBody(asserted, bodyDigest(body))).not.toThrow();
    expect(asserted).toBe(bodyDigest('{"firstName":"a"}'));
    for (const other of ['{"email":"evil@x"}', '{"firstName":"a"} ', '']) {
      expect(() => requireAssertedBody(asserted, bodyDigest(other))).toThrow('The assertion was issued for another request body than this one.');
    }
    expect(() => requireAssertedBody(asserted, undefined)).toThrow(/another request body/);
    // An empty body is signed as one: none received is that body.
    expect(() => requireAssertedBody(bodyDigest(undefined), undefined)).not.toThrow();
  });

  it('are refused when they carry no body digest (signed before bodies were covered)', () => {
    const token = jwt.sign({ htm: 'GET', htu: request.path, principal: staff }, gateway.privateKey, { algorithm: 'ES256', issuer: 'gateway', audience: 'customers', expiresIn: 10, jwtid: 'x' });
    expect(() => verifyGatewayAssertion(customersKeys, token, request)).toThrow(/another request/);
  });

  it.each([
    ['another service', keysOf('tickets'), request],
    ['another method', customersKeys, { ...request, method: 'DELETE' }],
    ['another path', customersKeys, { ...request, path: '/api/customers/2?x=1' }],
    ['another query', customersKeys, { ...request, path: '/api/customers/1' }],
  ])('are refused at %s', (_case, keys, served) => {
    const token = signGatewayAssertion(gateway, staff, { service: 'customers', ...request });
    expect(() => verifyGatewayAssertion(keys, token, served)).toThrow(/assertion/);
  });

  it('are refused when signed by any key but the gateway\'s, whatever issuer they name', () => {
    const own = signGatewayAssertion(tickets, staff, { service: 'customers', ...request });
    const forged = jwt.sign({ htm: 'GET', htu: request.path, principal: staff }, tickets.privateKey, { algorithm: 'ES256', issuer: 'gateway', audience: 'customers', expiresIn: 10, jwtid: 'x' });
    for (const token of [own, forged, undefined]) expect(() => verifyGatewayAssertion(customersKeys, token, request)).toThrow();
  });

  it('name users only: a service principal is refused', () => {
    const token = signGatewayAssertion(gateway, { kind: 'service', service: 'tickets' }, { service: 'customers', ...request });
    expect(() => verifyGatewayAssertion(customersKeys, token, request)).toThrow('The assertion names no user.');
  });
});

describe('service calls', () => {
  it('name the signing service, and nothing a caller claims besides', () => {
    const token = signGatewayAssertion(tickets, staff, { service: 'customers', method: 'POST', path: '/internal/x' });
    expect(verifyServiceCall(customersKeys, token, { method: 'POST', path: '/internal/x' }).principal).toEqual({ kind: 'service', service: 'tickets' });
    const call = signServiceCall(tickets, { service: 'customers', method: 'POST', path: '/internal/x' });
    expect(() => verifyServiceCall(customersKeys, call, { method: 'POST', path: '/internal/y' })).toThrow(/another request/);
  });
});

describe('service keys', () => {
  it('refuse a private key that is not the one the others hold for the service', () => {
    expect(() => loadServiceKeys('tickets', { publicKeys: generated.publicKeys, privateKey: generated.privateKeys.customers })).toThrow(
      'SERVICE_PRIVATE_KEY does not belong to the public key SERVICE_PUBLIC_KEYS gives for tickets',
    );
  });

  it('refuse keys that are not P-256 keys in base64 DER, naming the setting', () => {
    expect(() => loadServiceKeys('tickets', { publicKeys: 'gateway=bm90IGEga2V5' })).toThrow(/^SERVICE_PUBLIC_KEYS \(gateway\) holds a key that is not/);
    expect(() => loadServiceKeys('tickets', { publicKeys: generated.publicKeys, privateKey: 'bm90IGEga2V5' })).toThrow(/^SERVICE_PRIVATE_KEY is not/);
  });

  it('make a service that must sign and has no private key fail at start', () => {
    expect(() => signerOf(keysOf('tickets', false))).toThrow('SERVICE_PRIVATE_KEY is required: the tickets service signs its requests');
  });
});
