import { ValidationError } from '@helpdesk/errors';
import { decodeCursor, encodeCursor } from './cursor.js';

const id = '2f1c4d8e-7a3b-4c55-9f0e-3b2a1d4c5e6f';

describe('list cursors', () => {
  it('round-trips a date key and a number key', () => {
    const at = new Date('2026-11-25T10:00:00.123Z');
    expect(decodeCursor(encodeCursor('updatedAt', 'desc', { value: at, id }), 'updatedAt', 'desc')).toEqual({ value: at, id });
    expect(decodeCursor(encodeCursor('number', 'asc', { value: 42, id }), 'number', 'asc')).toEqual({ value: 42, id });
  });

  it('refuses a cursor of another sort or order, and anything it did not give out', () => {
    const cursor = encodeCursor('updatedAt', 'desc', { value: new Date(), id });
    expect(() => decodeCursor(cursor, 'createdAt', 'desc')).toThrow(/another order/);
    expect(() => decodeCursor(cursor, 'updatedAt', 'asc')).toThrow(ValidationError);
    expect(() => decodeCursor('not-a-cursor', 'updatedAt', 'desc')).toThrow(/not one this service gave out/);
    const forged = Buffer.from(JSON.stringify(['number', 'asc', '2026-01-01T00:00:00Z', id])).toString('base64url');
    expect(() => decodeCursor(forged, 'number', 'asc')).toThrow(/not one this service gave out/);
  });
});
