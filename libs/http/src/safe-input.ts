import type { NextFunction, Request, Response } from 'express';
import { ValidationError } from '@helpdesk/errors';

/** Deeper than any request of ours; deep enough that no check (ours or a library's) recursing through it runs out of stack. */
export const MAX_JSON_DEPTH = 64;

interface UnsafeInput {
  pointer: string;
  detail: string;
  message: string;
}

const escapePointerToken = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** PostgreSQL cannot store the NUL character, nor a lone UTF-16 surrogate (it is no Unicode character). */
function unstorableText(text: string, pointer: string): UnsafeInput | undefined {
  if (text.includes('\u0000')) {
    return { pointer, detail: 'Text cannot hold the NUL character (\\u0000): remove it and send again.', message: 'must not contain the NUL character' };
  }
  if (!text.isWellFormed()) {
    return {
      pointer,
      detail: 'Text must be well-formed Unicode: a lone surrogate (\\ud800 to \\udfff without its pair) cannot be stored.',
      message: 'must not contain a lone surrogate',
    };
  }
  return undefined;
}

/** The first string, key or nesting level in `value` that the services cannot take, with its JSON pointer. */
export function unsafeInputIn(value: unknown, pointer = '', depth = 0): UnsafeInput | undefined {
  if (typeof value === 'string') return unstorableText(value, pointer || '/');
  if (value === null || typeof value !== 'object') return undefined;
  if (depth === MAX_JSON_DEPTH) {
    return { pointer: pointer || '/', detail: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`, message: `is nested more than ${MAX_JSON_DEPTH} levels deep` };
  }
  for (const [key, inner] of Object.entries(value)) {
    const at = `${pointer}/${escapePointerToken(key)}`;
    const found = unstorableText(key, at) ?? unsafeInputIn(inner, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Refuses, with a 400 naming the field (a query parameter by its name), what would otherwise end in
 * a 500: text PostgreSQL cannot store, or JSON nested so deep that walking it overflows the stack.
 */
export function rejectUnsafeInput(req: Request, _res: Response, next: NextFunction): void {
  const found = unsafeInputIn(req.body) ?? unsafeInputIn(req.query);
  if (found) throw new ValidationError(found.detail, [{ pointer: found.pointer, message: found.message }]);
  next();
}
