import { Type, compileParser } from '@helpdesk/validation';
import { describeApi, jsonSchemaOf, mergeApiDescriptions, operationIdOf, type Operation } from './document';
import type { RouteDescription } from './route-description';

const parseThing = compileParser(Type.Object({ name: Type.String(), size: Type.Integer({ default: 1 }), note: Type.Optional(Type.String()) }, { additionalProperties: false }), 'thing');
const parseQuery = compileParser(Type.Object({ limit: Type.Integer({ default: 25 }), q: Type.Optional(Type.String({ description: 'Words to find.' })) }), 'query', { coerce: true });
const routes: RouteDescription[] = [
  { method: 'post', path: '/api/things/{id}', summary: 'Change a thing', auth: 'staff', permission: 'things.manage', params: { id: compileParser(Type.String({ format: 'uuid' }), 'id') }, body: parseThing, responses: { 200: 'The thing.' } },
  { method: 'get', path: '/api/things/{id}/parts/{part}', summary: 'A part', auth: 'public', query: parseQuery, responses: { 200: 'The part.', 204: 'None.' } },
];
const operation = (document: ReturnType<typeof describeApi>, path: string, method: 'get' | 'post') => document.paths[path]![method] as Operation & Record<string, any>;

describe('describeApi', () => {
  const document = describeApi('things', routes);

  it("gives a body the parser's own schema, without TypeBox's symbol keys, a defaulted property not required", () => {
    const schema = operation(document, '/api/things/{id}', 'post').requestBody.content['application/json'].schema;
    expect(Object.getOwnPropertySymbols(parseThing.schema).length).toBeGreaterThan(0);
    expect(Object.getOwnPropertySymbols(schema)).toEqual([]);
    expect(schema).toEqual({ type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string' }, size: { type: 'integer', default: 1 }, note: { type: 'string' } } });
    expect(parseThing.schema.required).toEqual(['name', 'size']);
  });

  it('makes path parameters of the braces, typed by their parsers, and query parameters of the query schema', () => {
    expect(operation(document, '/api/things/{id}', 'post').parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]);
    expect(operation(document, '/api/things/{id}/parts/{part}', 'get').parameters).toEqual([
      { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'part', in: 'path', required: true, schema: { type: 'string' } },
      { name: 'limit', in: 'query', required: false, schema: { type: 'integer', default: 25 } },
      { name: 'q', in: 'query', required: false, description: 'Words to find.', schema: { type: 'string', description: 'Words to find.' } },
    ]);
  });

  it('says who may call: no security for a public route; bearer token or session (with CSRF header when it changes something) otherwise', () => {
    const post = operation(document, '/api/things/{id}', 'post');
    expect(post.security).toEqual([{ bearerAuth: [] }, { sessionCookie: [], csrfToken: [] }]);
    expect(post['x-helpdesk-permission']).toBe('things.manage');
    expect(post.description).toContain('Needs the "things.manage" permission.');
    expect(Object.keys(post.responses)).toEqual(['200', '401', '403', 'default']);
    const get = operation(document, '/api/things/{id}/parts/{part}', 'get');
    expect(get.security).toEqual([]);
    expect(get.responses['204']).toEqual({ description: 'None.' });
    expect(Object.keys(get.responses)).toEqual(['200', '204', 'default']);
  });

  it('refuses a parser that lost its schema', () => {
    const bare = ((value: unknown) => value) as unknown as typeof parseThing;
    expect(() => describeApi('x', [{ ...routes[0]!, body: bare }])).toThrow('A parser without its schema cannot be described');
  });

  it('refuses a route described twice and a parameter the path does not have', () => {
    expect(() => describeApi('x', [routes[0]!, routes[0]!])).toThrow('POST /api/things/{id} is described twice');
    expect(() => describeApi('x', [{ ...routes[1]!, params: { nope: parseQuery } }])).toThrow('describes path parameters it does not have: nope');
  });

  it('copies: nothing done to the document reaches the schema', () => {
    (jsonSchemaOf(parseThing).properties as Record<string, unknown>).name = 'changed';
    expect(parseThing.schema.properties.name).toEqual(Type.String());
  });
});

describe('operationIdOf', () => {
  it('camel-cases the method and the path after /api, a parameter as By<Name>, with no underscore', () => {
    expect(operationIdOf({ method: 'get', path: '/api/tickets/{id}/notes' })).toBe('getTicketsByIdNotes');
    expect(operationIdOf({ method: 'put', path: '/api/customers/{id}/notification-groups/{groupId}/members/{kind}/{memberId}' })).toBe('putCustomersByIdNotificationGroupsByGroupIdMembersByKindByMemberId');
    expect(operationIdOf({ method: 'get', path: '/api/openapi.json' })).toBe('getOpenapiJson');
  });
});

describe('mergeApiDescriptions', () => {
  const own = describeApi('own', [{ method: 'get', path: '/api/a', summary: 'own a', auth: 'public', responses: { 200: 'a' } }]);
  const fragment = describeApi('fragment', [
    { method: 'post', path: '/api/a', summary: 'their post a', auth: 'staff', responses: { 201: 'a' } },
    { method: 'get', path: '/api/b', summary: 'b', auth: 'staff', responses: { 200: 'b' } },
  ]);

  it("keeps each fragment's paths its filter keeps, and the own document's, operations of one path side by side", () => {
    const merged = mergeApiDescriptions(own, [{ document: fragment, keep: (path) => path === '/api/a' }]);
    expect(Object.keys(merged.paths)).toEqual(['/api/a']);
    expect(merged.paths['/api/a']!.get!.summary).toBe('own a');
    expect(merged.paths['/api/a']!.post!.summary).toBe('their post a');
  });

  it('refuses two documents describing one operation, naming both, instead of keeping either', () => {
    const other = describeApi('other', [{ method: 'get', path: '/api/b', summary: 'their b', auth: 'staff', responses: { 200: 'b' } }]);
    const keepAll = () => true;
    expect(() => mergeApiDescriptions(own, [{ document: fragment, keep: keepAll }, { document: other, keep: keepAll }])).toThrow('GET /api/b is described twice: by "fragment" and by "other"');
    const ownB = describeApi('own', [{ method: 'get', path: '/api/b', summary: 'own b', auth: 'public', responses: { 200: 'b' } }]);
    expect(() => mergeApiDescriptions(ownB, [{ document: fragment, keep: keepAll }])).toThrow('GET /api/b is described twice: by "fragment" and by "own"');
  });
});
