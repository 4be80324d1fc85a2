import { CSRF_HEADER, SESSION_COOKIE } from '@helpdesk/http';
import { schemaOf, type Described, type HttpMethod, type RouteDescription, type RouteResponse } from './route-description.js';

export type JsonSchema = Record<string, unknown>;
export type Operation = Record<string, unknown>;
export type PathItem = Partial<Record<HttpMethod, Operation>>;

/** An OpenAPI 3.1 document: a service's fragment, or the gateway's merged description of the whole API. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description?: string };
  paths: Record<string, PathItem>;
  components: { schemas: Record<string, JsonSchema>; responses: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

/** The version of the API the documents describe (the project's). */
export const API_VERSION = '0.1.0';

/** Where every service serves its fragment: not under /api, so the gateway neither forwards it nor asks for a sign-in. */
export const API_DESCRIPTION_PATH = '/api-description';

/** RFC 9457 problem details, the one shape of every error answer (libs/errors toProblemDetails). */
const problemSchema: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'The kind of problem, https://helpdesk.dev/problems/<kind>.' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'What went wrong, in words a person can act on.' },
    instance: { type: 'string' },
    correlationId: { type: 'string', description: 'The id of the request in the services’ logs.' },
    errors: {
      type: 'array',
      description: 'Each bad field of the request (400, 422).',
      items: { type: 'object', required: ['pointer', 'message'], properties: { pointer: { type: 'string', description: 'JSON pointer of the field.' }, message: { type: 'string' } } },
    },
  },
};

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };

/** What every document shares, so fragments merge without conflicts. */
function components(): OpenApiDocument['components'] {
  return {
    schemas: { Problem: problemSchema },
    responses: {
      Problem: { description: 'The request failed: problem details say why (400/422 name each bad field).', content: problemContent },
      Unauthorized: { description: 'No valid access token or session.', content: problemContent },
      Forbidden: { description: 'Signed in, but not allowed: the detail names what is missing.', content: problemContent },
    },
    securitySchemes: {
      bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The access token of POST /api/auth/login (staff) or POST /api/portal/login (contacts).' },
      sessionCookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A page’s session (HttpOnly), set by POST /api/auth/session or /api/portal/session; a change must also come from this origin.' },
      csrfToken: { type: 'apiKey', in: 'header', name: CSRF_HEADER, description: 'With a session cookie, every request that changes something repeats the session’s CSRF token here.' },
    },
  };
}

const safeMethods = new Set<HttpMethod>(['get']);

function securityOf(route: RouteDescription): Array<Record<string, string[]>> {
  if (route.auth === 'public') return [];
  const session: Record<string, string[]> = safeMethods.has(route.method) ? { sessionCookie: [] } : { sessionCookie: [], csrfToken: [] };
  return route.sessionOnly ? [session] : [{ bearerAuth: [] }, session];
}

const whoMayCall: Record<RouteDescription['auth'], string> = {
  public: 'Anyone may call this.',
  staff: 'For staff users.',
  contact: 'For customer portal contacts, within their own customer.',
  'signed-in': 'For any signed-in user, staff or contact.',
};

/**
 * A schema as JSON Schema, as a client must read it: TypeBox keeps its own marks under symbol keys,
 * which JSON leaves out; and a property with a default is not required of the client, since the
 * validator (ajv, useDefaults) fills it in before it checks `required`. A copy, so that nothing done
 * to the document reaches the parser's schema.
 */
export function jsonSchemaOf(described: Described): JsonSchema {
  return JSON.parse(JSON.stringify(schemaOf(described)), (_key, value: unknown) => (isObjectSchema(value) ? withoutDefaultedRequired(value) : value)) as JsonSchema;
}

function isObjectSchema(value: unknown): value is JsonSchema & { properties: Record<string, JsonSchema>; required: string[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as JsonSchema).required) && typeof (value as JsonSchema).properties === 'object';
}

function withoutDefaultedRequired(schema: JsonSchema & { properties: Record<string, JsonSchema>; required: string[] }): JsonSchema {
  const required = schema.required.filter((name) => !(schema.properties[name] && 'default' in schema.properties[name]));
  if (required.length === schema.required.length) return schema;
  const { required: _all, ...rest } = schema;
  return required.length > 0 ? { ...rest, required } : rest;
}

function pathParameters(route: RouteDescription): Operation[] {
  const names = [...route.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
  const unknown = Object.keys(route.params ?? {}).filter((name) => !names.includes(name));
  if (unknown.length > 0) throw new Error(`${route.method.toUpperCase()} ${route.path} describes path parameters it does not have: ${unknown.join(', ')}`);
  return names.map((name) => ({ name, in: 'path', required: true, schema: route.params?.[name] ? jsonSchemaOf(route.params[name]) : { type: 'string' } }));
}

function queryParameters(query: Described | undefined): Operation[] {
  if (!query) return [];
  const schema = jsonSchemaOf(query) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function responsesOf(route: RouteDescription): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  for (const [status, given] of Object.entries(route.responses)) {
    const response: RouteResponse = typeof given === 'string' ? { description: given } : given;
    const noBody = status === '204' || status === '304';
    answers[status] = {
      description: response.description,
      ...(noBody ? {} : { content: { [response.contentType ?? 'application/json']: response.schema ? { schema: jsonSchemaOf(response.schema) } : {} } }),
    };
  }
  if (route.auth !== 'public') {
    answers['401'] = { $ref: '#/components/responses/Unauthorized' };
    answers['403'] = { $ref: '#/components/responses/Forbidden' };
  }
  answers.default = { $ref: '#/components/responses/Problem' };
  return answers;
}

function permissionSentence(permission: RouteDescription['permission']): string | undefined {
  if (permission === undefined) return undefined;
  const names = (Array.isArray(permission) ? permission : [permission]).map((name) => `"${name}"`);
  return names.length === 1 ? `Needs the ${names[0]} permission.` : `Needs one of the permissions ${names.join(', ')}.`;
}

const capitalised = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A name for the operation that client generators and links use: the method and the path's
 * segments after /api, camel-cased, a parameter as `By<Name>` (GET /api/tickets/{id}/notes is
 * getTicketsByIdNotes). No underscore: Swagger UI takes one in a link for an escaped space.
 */
export function operationIdOf(route: Pick<RouteDescription, 'method' | 'path'>): string {
  const words = route.path
    .replace(/^\/api(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => (segment.startsWith('{') ? `By${capitalised(segment.slice(1, -1))}` : segment))
    .flatMap((segment) => segment.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return route.method + words.map(capitalised).join('');
}

function operationOf(route: RouteDescription): Operation {
  const parameters = [
    ...pathParameters(route),
    ...queryParameters(route.query),
    ...(route.headers ?? []).map((header) => ({ name: header.name, in: 'header', required: header.required ?? false, description: header.description, schema: { type: 'string' } })),
  ];
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    description: [route.description, whoMayCall[route.auth], permissionSentence(route.permission)].filter(Boolean).join('\n\n'),
    ...(route.tags ? { tags: route.tags } : {}),
    'x-helpdesk-auth': route.auth,
    ...(route.permission ? { 'x-helpdesk-permission': route.permission } : {}),
    security: securityOf(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: !route.optionalBody, content: { 'application/json': { schema: jsonSchemaOf(route.body) } } } } : {}),
    responses: responsesOf(route),
  };
}

/** The OpenAPI document of these routes: a service's fragment, served at /api-description. */
export function describeApi(title: string, routes: RouteDescription[], description?: string): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    if (item[route.method]) throw new Error(`${route.method.toUpperCase()} ${route.path} is described twice`);
    item[route.method] = operationOf(route);
  }
  return { openapi: '3.1.0', info: { title, version: API_VERSION, ...(description ? { description } : {}) }, paths, components: components() };
}

/**
 * One document of several: each fragment's paths that `keep` keeps, and all of `own`'s. Two documents
 * describing one operation (METHOD path) are refused, naming both: one of them is not what answers it
 * (the gateway answers its own routes before it forwards), and overwriting would hide that. Components
 * are the same in every fragment (this module makes them), so they are taken from `own`.
 */
export function mergeApiDescriptions(own: OpenApiDocument, fragments: Array<{ document: OpenApiDocument; keep(path: string): boolean }>): OpenApiDocument {
  const paths: Record<string, PathItem> = {};
  const describedBy = new Map<string, string>();
  for (const { document, keep } of [...fragments, { document: own, keep: () => true }]) {
    for (const [path, item] of Object.entries(document.paths)) {
      if (!keep(path)) continue;
      for (const [method, operation] of Object.entries(item) as Array<[HttpMethod, Operation]>) {
        const route = `${method.toUpperCase()} ${path}`;
        const other = describedBy.get(route);
        if (other !== undefined) throw new Error(`${route} is described twice: by "${other}" and by "${document.info.title}"`);
        describedBy.set(route, document.info.title);
        (paths[path] ??= {})[method] = operation;
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
  return { ...own, paths: sorted };
}

/** The routes a document describes, as `METHOD /path/{param}`. */
export function describedRoutes(document: Pick<OpenApiDocument, 'paths'>): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
}
