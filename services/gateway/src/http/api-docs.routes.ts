import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { UnavailableError } from '@helpdesk/errors';
import { API_DESCRIPTION_PATH, describeApi, mergeApiDescriptions, serve, type OpenApiDocument, type RouteDescription } from '@helpdesk/openapi';
import { docsAssetRoute, docsPageRoute, openApiRoute } from './api-description.js';
import { DOCS_PATH, OPENAPI_PATH, docsAssets } from './api-docs.paths.js';
import type { Upstream } from './upstream.js';
import { pageHeaders } from './web-pages.js';

/**
 * The page: no inline script or style, so the pages' CSP (only this origin's files) lets it run.
 * Swagger UI sets styles through the DOM (allowed), and its icons are data: images in its CSS.
 */
const docsPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Helpdesk API</title>
<link rel="stylesheet" href="${DOCS_PATH}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${DOCS_PATH}/swagger-ui-bundle.js"></script>
<script src="${DOCS_PATH}/start-api-docs.js"></script>
</body>
</html>
`;

// validatorUrl null: Swagger UI would otherwise send the description to validator.swagger.io; nothing leaves the machine.
const startScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${OPENAPI_PATH}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const swaggerUiDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));

/** The assets, read at their first request and kept (about 2 MB): the same bytes for every reader. */
const assetCache = new Map<string, Buffer>();
function asset(file: (typeof docsAssets)[number]): Buffer {
  let content = assetCache.get(file);
  if (!content) {
    content = file === 'start-api-docs.js' ? Buffer.from(startScript) : readFileSync(path.join(swaggerUiDir, file));
    assetCache.set(file, content);
  }
  return content;
}

/** How long a browser may keep the page's static files: they change only with a new version of the gateway. */
const assetMaxAgeSeconds = 3600;

/**
 * How long an upstream has to give its description; how long a complete merged document is served
 * before it is made anew; and how long after a failed attempt no new one is made (requests meanwhile
 * get the failure again, a 503 whose Retry-After, 5 s, is this wait), so that a service that is away
 * is not asked again at every request.
 */
const fragmentTimeoutMs = 5_000;
const refreshAfterMs = 5 * 60_000;
const retryAfterFailureMs = 5_000;

export interface ApiDescriptionSources {
  /** The gateway's own routes. */
  own: RouteDescription[];
  /** The route table: which upstream serves which prefix (the first matching prefix wins, as for the proxy). */
  table: Array<{ prefix: string; upstream: Upstream }>;
  now?: () => number;
}

/** The upstream the gateway forwards `path` to, as express matches `app.use(prefix)`: the prefix itself or below it. */
export function forwardedTo(table: ApiDescriptionSources['table'], apiPath: string): Upstream | undefined {
  return table.find(({ prefix }) => apiPath === prefix || apiPath.startsWith(`${prefix}/`))?.upstream;
}

async function fetchFragment(upstream: Upstream): Promise<OpenApiDocument> {
  let lastError: unknown;
  for (const instance of upstream.attemptOrder()) {
    try {
      // A fixed path on a configured instance; a redirect would lead elsewhere, so it counts as no answer.
      const answer = await fetch(new URL(API_DESCRIPTION_PATH, instance), { signal: AbortSignal.timeout(fragmentTimeoutMs), redirect: 'error' });
      if (answer.ok) return (await answer.json()) as OpenApiDocument;
      lastError = new Error(`${answer.status}`);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/**
 * The whole API's description: the gateway's own routes and each upstream's fragment, keeping only
 * the paths the route table forwards to that upstream. Made once every upstream answered, then
 * served from memory; made anew in the background every few minutes (an upgraded service's routes),
 * keeping the last complete one if an upstream does not answer then. Two services describing one
 * operation is refused (503 naming it) rather than resolved by whichever comes last.
 */
export function apiDescriptionSource({ own, table, now = Date.now }: ApiDescriptionSources): () => Promise<OpenApiDocument> {
  const ownDocument = describeApi('Helpdesk API', own, 'The whole API, served by the gateway. Sign in with POST /api/auth/login (staff) or POST /api/portal/login (contacts) and send the access token as a Bearer token. Errors are RFC 9457 problem details.');
  const upstreams = [...new Map(table.map(({ upstream }) => [upstream.service, upstream])).values()];
  let complete: { document: OpenApiDocument; madeAt: number } | undefined;
  let making: Promise<OpenApiDocument> | undefined;
  let failed: { error: unknown; at: number } | undefined;

  async function attempt(): Promise<OpenApiDocument> {
    try {
      const document = await make();
      failed = undefined;
      return document;
    } catch (error) {
      failed = { error, at: now() };
      throw error;
    }
  }

  async function make(): Promise<OpenApiDocument> {
    const answers = await Promise.allSettled(upstreams.map(fetchFragment));
    const silent = upstreams.filter((_, index) => answers[index]!.status === 'rejected').map((upstream) => upstream.service);
    if (silent.length > 0) throw new UnavailableError(`The API description is not complete yet: the ${silent.join(', ')} service${silent.length > 1 ? 's do' : ' does'} not answer. Try again in a few seconds.`);
    const fragments = upstreams.map((upstream, index) => ({
      document: (answers[index] as PromiseFulfilledResult<OpenApiDocument>).value,
      keep: (apiPath: string) => forwardedTo(table, apiPath) === upstream,
    }));
    let document: OpenApiDocument;
    try {
      document = mergeApiDescriptions(ownDocument, fragments);
    } catch (error) {
      throw new UnavailableError(`The API description cannot be made: ${(error as Error).message}. The services' descriptions must be corrected.`);
    }
    complete = { document, madeAt: now() };
    return document;
  }

  const makeOnce = () => (making ??= attempt().finally(() => (making = undefined)));
  const waiting = () => failed !== undefined && now() - failed.at < retryAfterFailureMs;

  return async () => {
    if (!complete) {
      if (waiting()) throw failed!.error;
      return makeOnce();
    }
    if (now() - complete.madeAt > refreshAfterMs && !waiting()) makeOnce().catch(() => undefined);
    return complete.document;
  };
}

/** GET /api/openapi.json, and the page that reads it at /api/docs. */
export function apiDocsRoutes(sources: ApiDescriptionSources): Router {
  const router = Router();
  const description = apiDescriptionSource(sources);

  serve(router, openApiRoute, async (_request, _req, res) => {
    res.json(await description());
  });

  serve(router, docsPageRoute, (_request, _req, res) => {
    // The pages' CSP (web-pages.ts): only this origin's files, no inline script or style, no eval.
    pageHeaders(res);
    res.type('html').send(docsPage);
  });

  serve(router, docsAssetRoute, ({ params: { file } }, _req, res) => {    res.setHeader('cache-control', `public, max-age=${assetMaxAgeSeconds}`);
    res.type(file.endsWith('.css') ? 'text/css' : 'text/javascript').send(asset(file));
  });

  return router;
}
