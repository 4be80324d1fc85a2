import { ValidationError } from '@helpdesk/errors';
import { Type, compile } from '@helpdesk/validation';

/** A page cursor: a position as base64url JSON, which clients pass back unchanged instead of building one. */
export function encodeOpaqueCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** What an opaque cursor holds, unchecked; undefined when it is no JSON at all. */
export function decodeOpaqueCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The last row of a page listed newest first: its time and id. */
export interface TimePosition {
  at: Date;
  id: string;
}

// Opaque to clients: the time and id of the last row of the page before.
const checkCursor = compile(Type.Tuple([Type.String({ format: 'date-time' }), Type.String({ format: 'uuid' })]));

/** The cursor of the page after `last` (keyset on time and id), base64url so that clients pass it back unchanged. */
export function encodeTimeCursor(last: TimePosition): string {
  return encodeOpaqueCursor([last.at.toISOString(), last.id]);
}

/** The position a cursor of encodeTimeCursor names; a ValidationError (pointer /cursor) for anything else. */
export function decodeTimeCursor(cursor: string): TimePosition {
  // The date-time format keeps the time within what PostgreSQL and Prisma store (libs/validation isStorableInstant).
  const result = checkCursor(decodeOpaqueCursor(cursor));
  if (!result.ok) {
    throw new ValidationError('The cursor is not one this service gave out.', [{ pointer: '/cursor', message: 'is not one this service gave out' }]);
  }
  const at = new Date(result.value[0]);
  return { at, id: result.value[1] };
}
