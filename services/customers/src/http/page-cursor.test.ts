import { ValidationError } from '@helpdesk/errors';
import { decodeCursor, encodeCursor } from './page-cursor.js';

describe('page cursor', () => {
  it('gives back the position it encoded, names with any characters included', () => {
    const position = { name: 'Émile & Söhne "GmbH" 100%', id: '2b7e1f0a-4c3d-4e5f-8a9b-0c1d2e3f4a5b' };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['JSON of another shape', Buffer.from('{"name":"a"}').toString('base64url')],
    ['an id that is not a uuid', Buffer.from('["a","1"]').toString('base64url')],
    ['an empty string', ''],
  ])('refuses %s with a validation error', (_case, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(ValidationError);
  });
});
