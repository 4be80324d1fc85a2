import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '@helpdesk/errors';

/** The JSON pointer of the first string (or key) holding a NUL character, if any. */
function nulAt(value: unknown, pointer: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? pointer || '/' : undefined;
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const at = key.includes('\u0000') ? `${pointer}/${key}` : nulAt(inner, `${pointer}/${key}`);
      if (at) return at;
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store the NUL character in text; refuse it up front with a 400 naming the field
 * (a query parameter by its name) instead of letting the database fail the request with a 500.
 */
export function rejectNulCharacters(req: Request, _res: Response, next: NextFunction): void {
  const pointer = nulAt(req.body, '') ?? nulAt(req.query, '');
  if (pointer) {
    throw new ValidationError('Text cannot hold the NUL character (\\u0000): remove it and send again.', [
      { pointer, message: 'must not contain the NUL character' },
    ]);
  }
  next();
}
