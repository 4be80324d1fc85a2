import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '@helpdesk/errors';
import { VersionConflictError } from '../domain/errors.js';

// The version travels as an entity tag (RFC 9110 §8.8.3): responses carry `ETag: "7"`, and every
// change to an existing ticket sends it back as `If-Match: "7"`.
const ifMatchPattern = /^"?(\d{1,9})"?$/;

/** The ticket version the caller based their change on. */
export function expectedVersion(req: Request): number {
  const header = req.header('if-match')?.trim();
  const match = header ? ifMatchPattern.exec(header) : null;
  if (!match) {
    throw new ValidationError(
      'Send the version of the ticket you are changing in an If-Match header, as its ETag gave it: If-Match: "<version>".',
      [{ pointer: '/headers/if-match', message: header ? 'is not a ticket version' : 'is required' }],
    );
  }
  return Number(match[1]);
}

export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * The ETag names the version, for If-Match; the ticket shows what changes without it (the time logged,
 * `timeSpentMinutes`), so a conditional GET must not be answered 304 on it: the request's validators are
 * dropped before the response is sent.
 */
export function refuseConditionalGet(req: Request): void {
  delete req.headers['if-none-match'];
  delete req.headers['if-modified-since'];
}

/** A 409 for a stale version names the current one in its ETag, so the client knows what to reload. */
export function exposeCurrentVersion(error: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (error instanceof VersionConflictError) res.setHeader('etag', etagOf(error.currentVersion));
  next(error);
}
