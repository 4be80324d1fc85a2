import { ValidationError } from '@helpdesk/errors';
import { Type, compile } from '@helpdesk/validation';
import { Uuid } from './ids.schemas.js';

/**
 * The position after which the next page starts: the last customer's name and id, base64url-encoded
 * so that clients pass it back unchanged instead of building one.
 */
export interface PagePosition {
  name: string;
  id: string;
}

const checkPosition = compile(Type.Tuple([Type.String({ maxLength: 200 }), Uuid]));

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.name, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string): PagePosition {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const result = checkPosition(value);
  if (!result.ok) {
    throw new ValidationError('The cursor is invalid: pass the nextCursor of the previous page unchanged.', [
      { pointer: '/cursor', message: 'is not a cursor this service issued' },
    ]);
  }
  const [name, id] = result.value;
  return { name, id };
}
