import { ValidationError } from '@helpdesk/errors';
import { decodeTimeCursor, encodeOpaqueCursor, encodeTimeCursor } from './page-cursor.js';

const id = '0b0e7a3c-8a4e-4d2c-9c51-3f2a1e7b9d10';

describe('decodeTimeCursor', () => {
  it('gives back the position encodeTimeCursor was given, at either end of the times it accepts', () => {
    for (const at of [new Date('2026-11-01T08:00:00.123Z'), new Date('0001-01-02T00:00:00Z'), new Date('9999-12-29T23:59:59.999Z')]) {
      expect(decodeTimeCursor(encodeTimeCursor({ at, id }))).toEqual({ at, id });
    }
  });

  // PostgreSQL refuses a time before year 1 ("date/time field value out of range"), Prisma one past year 9999: a 500 each, before this check.
  it.each([
    ['year 0', '0000-06-01T00:00:00Z'],
    ['year 1 in a zone east of UTC (year 0 in UTC)', '0001-01-01T00:00:00+01:00'],
    ['the first day of year 1', '0001-01-01T12:00:00Z'],
    ['year 9999 in a zone west of UTC (year 10000 in UTC)', '9999-12-31T23:59:59-23:59'],
    ['the last two days of year 9999', '9999-12-30T00:00:00Z'],
    ['a leap second', '2026-06-30T23:59:60Z'],
  ])('refuses a time out of range (%s), naming /cursor', (_name, time) => {
    const decode = () => decodeTimeCursor(encodeOpaqueCursor([time, id]));
    expect(decode).toThrow(ValidationError);
    try {
      decode();
    } catch (error) {
      expect((error as ValidationError).problems).toEqual([{ pointer: '/cursor', message: 'is not one this service gave out' }]);
    }
  });
});
