import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type Response } from 'express';
import { NotFoundError, UnavailableError } from '@helpdesk/errors';

/**
 * The pages' policy: script, style, fonts and data only from this origin, never inline, never eval;
 * frames only from this origin (an email's HTML, itself sandboxed); no plugin, no <base>, no form to
 * elsewhere, and no framing by another site. Nothing a page loads may leave the machine.
 */
export const pageContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "manifest-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The two single-page applications and where they are served: every path under one is that application's page. */
const applications = ['portal', 'staff'] as const;

/** The headers of every page the gateway serves (the applications, the API's docs page). */
export function pageHeaders(res: Response): void {
  res.setHeader('content-security-policy', pageContentSecurityPolicy);
  // The page itself is small and changes with every release: always asked again (its assets never are).
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/**
 * The customer portal at /portal/ and the staff console at /staff/, built by web/ (vite) into `root`:
 * hashed assets under /assets/ kept for a year, each application's index.html for every other path under
 * it (the application routes in the browser). Without a build, pages answer 503 with what to run.
 */
export function webPages(root: string): Router {
  // strict: '/portal' and '/portal/' are different paths (the first is sent to the second).
  const router = Router({ strict: true });
  router.get('/', (_req, res) => res.redirect(302, '/portal/'));
  // Every answer starts as no-store (security-headers.ts); a hashed asset never changes, so it is kept.
  const keptForAYear = (res: Response) => res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  router.use('/assets', express.static(path.join(root, 'assets'), { index: false, setHeaders: keptForAYear }), (req) => {
    throw new NotFoundError(`There is no file ${req.originalUrl}: reload the page (a new release replaces the files it names).`);
  });
  for (const application of applications) {
    const index = path.join(root, application, 'index.html');
    router.get(`/${application}`, (_req, res) => res.redirect(301, `/${application}/`));
    router.get(`/${application}/{*page}`, (_req, res) => {
      if (!fs.existsSync(index)) throw new UnavailableError(`The ${application} pages are not built: run "npm run build" (it builds web/ into ${root}).`);
      pageHeaders(res);
      res.sendFile(index);
    });
  }
  return router;
}
