import type { Express } from 'express';

/** What express's router keeps of a mounted route or router (router 2.x), read to tell 404 from 405. */
interface RouterLayer {
  match(path: string): false | { path: string } | boolean;
  path?: string;
  route?: { methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

function methodsIn(stack: RouterLayer[], path: string, found: Set<string>): void {
  for (const layer of stack) {
    const match = layer.match(path);
    if (!match) continue;
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) if (method !== '_all') found.add(method.toUpperCase());
    } else if (layer.handle?.stack) {
      // A router mounted under a prefix sees the path without it.
      const prefix = typeof match === 'object' ? match.path : (layer.path ?? '');
      methodsIn(layer.handle.stack, path.slice(prefix.length) || '/', found);
    }
  }
}

/** The methods the app's routes answer on `path` (GET brings HEAD); empty when no route has the path at all. */
export function allowedMethods(app: Express, path: string): string[] {
  const found = new Set<string>();
  const stack = (app as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack ?? [];
  methodsIn(stack, path, found);
  if (found.has('GET')) found.add('HEAD');
  return [...found].sort();
}
