import { ValidationError } from '@helpdesk/errors';
import { decodeOpaqueCursor, encodeOpaqueCursor } from '@helpdesk/http';
import { compile, Type } from '@helpdesk/validation';
import type { ListPage, SortKey } from '../persistence/ticket-list-query.js';

// Opaque to clients: the sort it belongs to, and the sort key and id of the last row of the page before.
const checkCursor = compile(
  Type.Tuple([
    Type.String(),
    Type.String(),
    // Ticket numbers are PostgreSQL integers: anything larger could not have been given out.
    Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 1, maximum: 2_147_483_647 })]),
    Type.String({ format: 'uuid' }),
  ]),
);

export function encodeCursor(sort: SortKey, order: ListPage['order'], next: { value: Date | number; id: string }): string {
  const value = next.value instanceof Date ? next.value.toISOString() : next.value;
  return encodeOpaqueCursor([sort, order, value, next.id]);
}

export function decodeCursor(cursor: string, sort: SortKey, order: ListPage['order']): NonNullable<ListPage['after']> {
  const result = checkCursor(decodeOpaqueCursor(cursor));
  const invalid = (message: string) => new ValidationError(`The cursor ${message}.`, [{ pointer: '/cursor', message }]);
  if (!result.ok) throw invalid('is not one this service gave out');
  const [cursorSort, cursorOrder, value, id] = result.value;
  if (cursorSort !== sort || cursorOrder !== order) throw invalid(`belongs to another order (${cursorSort} ${cursorOrder}); start again without it`);
  const isDate = sort !== 'number';
  if (isDate !== (typeof value === 'string')) throw invalid('is not one this service gave out');
  const key = typeof value === 'string' ? new Date(value) : value;
  // ajv's date-time accepts a leap second (…:60), which Date cannot represent.
  if (key instanceof Date && Number.isNaN(key.getTime())) throw invalid('is not one this service gave out');
  return { value: key, id };
}
