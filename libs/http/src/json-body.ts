import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, type AppError } from '@helpdesk/errors';
import { bodyDigest, requireAssertedBody } from './assertions.js';
import { rejectUnsafeInput } from './safe-input.js';

/** A byte count as people say it: 16 kB, 1 MB. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} kB`;
  return `${bytes} bytes`;
}

export function bodyTooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than this route takes (${formatBytes(limitBytes)}): send less.`);
}

/** A request carries a body when it says so with a length above zero or a chunked transfer. */
function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function requireJsonContentType(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && !req.is('application/json')) {
    const given = req.headers['content-type'] ? `this request said ${req.headers['content-type']}` : 'this request named no type';
    throw new UnsupportedMediaTypeError(`The request body must be JSON sent with Content-Type: application/json (${given}).`);
  }
  next();
}

/**
 * The raw bytes, before they are parsed: their digest must be the one the request's assertion was
 * signed for (when it has one), so a body swapped under a captured assertion is never parsed.
 */
function checkRawBody(req: IncomingMessage, _res: unknown, raw: Buffer): void {
  const request = req as Request;
  // The gateway's own routes take no assertion: no hashing there.
  if (request.assertedBodyDigest === undefined) return;
  request.receivedBodyDigest = bodyDigest(raw);
  requireAssertedBody(request.assertedBodyDigest, request.receivedBodyDigest);
}

/** A request that came without a body must have been signed for none. */
function requireBodyAsAsserted(req: Request, _res: Response, next: NextFunction): void {
  if (req.assertedBodyDigest !== undefined) requireAssertedBody(req.assertedBodyDigest, req.receivedBodyDigest);
  next();
}

/** Every body we take is an object of named fields: `null`, `"hello"`, `42` or a list is valid JSON but no request. */
function requireJsonObject(req: Request, _res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (hasBody(req) && (body === null || typeof body !== 'object' || Array.isArray(body))) {
    const got = body === null ? 'null' : Array.isArray(body) ? 'a list' : `a ${typeof body}`;
    throw new ValidationError(`The request body must be a JSON object ({"field": value, …}), not ${got}.`, [{ pointer: '/', message: 'must be a JSON object' }]);
  }
  next();
}

/**
 * What a body parser's failures (express.json, raw-body) mean for the person who sent the request;
 * undefined for any other error.
 */
export function explainBodyParserError(error: unknown): AppError | undefined {
  const parserError = error as { type?: string; message?: string; limit?: number };
  switch (parserError.type) {
    case 'entity.parse.failed':
      return new ValidationError(`The request body is not valid JSON (${parserError.message ?? 'it could not be parsed'}).`);
    case 'entity.too.large':
      return bodyTooLarge(parserError.limit ?? 0);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError(`The request body must be JSON in UTF-8, sent without a content encoding (${parserError.message ?? ''}).`);
    default:
      return undefined;
  }
}

/**
 * Reads a JSON body of at most `limitBytes`: a body of another type is a 415, one that is too large a
 * 413 naming this limit, one that is not an object a 400 saying so, and text PostgreSQL cannot store
 * a 400 naming the field, and a body other than the one the request's assertion was signed for a 401.
 * Every route that takes a body uses this, with its own limit (the parser's
 * errors are explained by `explainBodyParserError` in the app's error handler).
 */
export function jsonBody(limitBytes: number): RequestHandler[] {
  // No content encoding: the digest an assertion carries is of the bytes as sent, so they are read as they are.
  return [requireJsonContentType, express.json({ limit: limitBytes, strict: false, inflate: false, verify: checkRawBody }), requireBodyAsAsserted, requireJsonObject, rejectUnsafeInput];
}
