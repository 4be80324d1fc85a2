import type { Request, RequestHandler, Response, Router } from 'express';
import { requireAnyPermission, requireContact, requirePrincipal, requireStaff, type ContactPrincipal, type PermissionName, type Principal, type StaffPrincipal } from '@helpdesk/http';
import type { RouteDescription } from './route-description.js';

/** What a parser returns; undefined where the description names none. */
type Parsed<P> = P extends (value: unknown) => infer T ? T : undefined;

/** The names of a path's `{parameters}`. */
type PathParameterNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParameterNames<Rest> : never;

/** Each path parameter as its parser returns it, a string where the description names no parser. */
type ParamsOf<D extends RouteDescription> = {
  [Name in PathParameterNames<D['path']>]: D['params'] extends Record<Name, unknown> ? Parsed<D['params'][Name]> : string;
};

/** Who the handler serves, as the description's `auth` says and serve has checked. */
type PrincipalOf<D extends RouteDescription> = D['auth'] extends 'staff' ? StaffPrincipal : D['auth'] extends 'contact' ? ContactPrincipal : D['auth'] extends 'signed-in' ? Principal : undefined;

/** The request as the route's description parses it: the handler sees nothing its description does not name. */
export interface DescribedRequest<D extends RouteDescription> {
  principal: PrincipalOf<D>;
  params: ParamsOf<D>;
  query: Parsed<D['query']>;
  body: Parsed<D['body']>;
}

export type DescribedHandler<D extends RouteDescription> = (request: DescribedRequest<D>, req: Request, res: Response) => unknown;

/**
 * One route of the API, described (its method, path, who may call it, its parsers) in a constant
 * that both the API description lists and `serve` registers. `const`, so the path and the parsers
 * keep their own types for the handler.
 */
export function route<const D extends RouteDescription>(description: D): D {
  return description;
}

/** An OpenAPI path as express writes it: /api/tickets/{id} is /api/tickets/:id. */
export function expressPath(openApiPath: string): string {
  return openApiPath.replace(/\{(\w+)\}/g, ':$1');
}

/** The caller the description allows, checked before any input is read (a 401/403 before a 400). */
function principalOf(description: RouteDescription, req: Request): Principal | undefined {
  switch (description.auth) {
    case 'public':
      return req.principal;
    case 'contact':
      return requireContact(req);
    case 'signed-in':
      return requirePrincipal(req);
    case 'staff':
      if (description.permission === undefined) return requireStaff(req);
      return requireAnyPermission(req, (Array.isArray(description.permission) ? description.permission : [description.permission]) as PermissionName[]);
  }
}

type Parse = (value: unknown) => unknown;

/** The description's parser of an input; a bare schema describes but cannot parse, so a served route must not give one. */
function parserOf(description: RouteDescription, what: string, described: unknown): Parse | undefined {
  if (described === undefined || typeof described === 'function') return described as Parse | undefined;
  throw new Error(`${description.method.toUpperCase()} ${description.path}: its ${what} is a schema, not a parser (compileParser), so it cannot be served`);
}

/**
 * Registers the described route on `router`: its method and path are the description's, and the
 * handler gets the caller the description's `auth` and `permission` allow and the path parameters,
 * query and body parsed by the description's own parsers (in that order: a bad id is refused before
 * a bad body). No route can run a parser its description does not name. `before`: middleware the
 * route needs first (the gateway's body reader, which it runs on its own routes only).
 */
export function serve<const D extends RouteDescription>(router: Router, description: D, handler: DescribedHandler<D>, before: RequestHandler[] = []): void {
  const paramParsers = Object.entries(description.params ?? {}).map(([name, described]) => [name, parserOf(description, `parameter ${name}`, described)!] as const);
  const parseQuery = parserOf(description, 'query', description.query);
  const parseBody = parserOf(description, 'body', description.body);
  router[description.method](expressPath(description.path), ...before, async (req: Request, res: Response) => {
    const principal = principalOf(description, req);
    const params: Record<string, unknown> = { ...req.params };
    for (const [name, parse] of paramParsers) params[name] = parse(req.params[name]);
    // A copy: the parser fills in defaults and coerces in place, and express 5 makes req.query anew at each read.
    const query = parseQuery?.({ ...req.query });
    const body = parseBody?.(description.optionalBody ? (req.body ?? {}) : req.body);
    await handler({ principal, params, query, body } as DescribedRequest<D>, req, res);
  });
}
