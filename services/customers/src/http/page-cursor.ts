import { ValidationError } from '@helpdesk/errors';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '@helpdesk/http';
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
  return encodeOpaqueCursor([position.name, position.id]);
}

export function decodeCursor(cursor: string): PagePosition {
  const result = checkPosition(decodeOpaqueCursor(cursor));
  if (!result.ok) {
    throw new ValidationError('The cursor is invalid: pass the nextCursor of the previous page unchanged.', [
      { pointer: '/cursor', message: 'is not a cursor this service issued' },
    ]);
  }
  const [name, id] = result.value;
  return { name, id };
}
