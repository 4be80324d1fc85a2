import type { TSchema } from '@helpdesk/validation';

/** Who may call a route, as the gateway and the service check it. */
export type RouteAuth =
  /** Anyone, signed in or not. */
  | 'public'
  /** A staff user (agents, administrators); a permission the route needs is named in its description. */
  | 'staff'
  /** A customer portal contact, who sees only their own customer's data. */
  | 'contact'
  /** Any signed-in user, staff or contact; the route decides what each may see. */
  | 'signed-in';

/** A schema, or a parser of libs/validation (`compileParser`), which carries the very schema it validates with. */
export type Described = TSchema | { readonly schema: TSchema };

export interface RouteResponse {
  description: string;
  /** The body's schema, when there is one to give (a parser's or a TypeBox schema). */
  schema?: Described;
  /** application/json unless said otherwise. */
  contentType?: string;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One route of the public API, described beside the route itself (each service's src/http/api-description.ts). */
export interface RouteDescription {
  method: HttpMethod;
  /** OpenAPI style: /api/tickets/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags?: string[];
  auth: RouteAuth;
  /** Only a page's session cookie will do, not a Bearer token (the session's own routes). */
  sessionOnly?: boolean;
  /** The staff permission the route needs; a list when any one of them will do. */
  permission?: string | string[];
  /** Path parameters by name, when they are more than a string (an id's parser); every `{name}` of the path is one. */
  params?: Record<string, Described>;
  /** The query parser or schema: an object, each property one query parameter. */
  query?: Described;
  /** The JSON body's parser or schema. */
  body?: Described;
  /** The body may be left out (the route then reads it as `{}`). */
  optionalBody?: boolean;
  /** Request headers the route reads (If-Match). */
  headers?: Array<{ name: string; required?: boolean; description: string }>;
  /** The answers of a request that succeeds, by status; problem details of failures are added for every route. */
  responses: Record<number, string | RouteResponse>;
}

/** The schema a description gives, the parser's own when it is a parser. */
export function schemaOf(described: Described): TSchema {
  // A parser is a function; a schema never is.
  if (typeof described !== 'function') return described as TSchema;
  const { schema } = described as { readonly schema?: TSchema };
  if (!schema) throw new Error('A parser without its schema cannot be described: make it with compileParser or refineParser.');
  return schema;
}

/**
 * The same tags on a group of routes (one routes file). The routes come as arguments, not as one
 * array literal: TypeScript checks each against RouteDescription on its own, where an array of many
 * parsers would make it compare their deep static types with each other.
 */
export function tagged(tags: string[], ...routes: RouteDescription[]): RouteDescription[] {
  return routes.map((route) => ({ ...route, tags: route.tags ?? tags }));
}
