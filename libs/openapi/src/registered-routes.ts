import type { Express, Router } from 'express';

/** What express's router (router 2.x) keeps of a route or of a router mounted on a path. */
interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  /** The path the layer was mounted on (router 2.x keeps it as given). */
  rawPath?: string;
  /** Mounted at the root (`app.use(router)`). */
  slash?: boolean;
  handle?: { stack?: RouterLayer[] };
}

/** An express path as OpenAPI writes it: /api/tickets/:id is /api/tickets/{id}. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:(\w+)/g, '{$1}');
}

function collect(stack: RouterLayer[], prefix: string, found: string[]): void {
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.push(`${method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
    } else if (layer.handle?.stack) {
      collect(layer.handle.stack, layer.slash || typeof layer.rawPath !== 'string' ? prefix : prefix + layer.rawPath, found);
    }
  }
}

/**
 * Every route an app or router registers, as `METHOD /path/{param}`, read from express's own router
 * stack: the routes a request can reach, whatever the files that mounted them say.
 */
export function registeredRoutes(app: Express | Router): string[] {
  const found: string[] = [];
  const stack = (app as unknown as { router?: { stack?: RouterLayer[] }; stack?: RouterLayer[] }).router?.stack ?? (app as unknown as { stack?: RouterLayer[] }).stack ?? [];
  collect(stack, '', found);
  return [...new Set(found)].sort();
}

/** Routes registered but not described, and described but not registered: both must be empty. */
export function compareRoutes(registered: string[], described: string[]): { undescribed: string[]; unregistered: string[] } {
  return { undescribed: registered.filter((route) => !described.includes(route)), unregistered: described.filter((route) => !registered.includes(route)) };
}
