import { UnprocessableError, ValidationError } from '@helpdesk/errors';
import { Email, Text, Type, compile, compileParser, refineParser } from './index.js';

describe('schemas', () => {
  const parse = compileParser(Type.Object({ name: Text(5), email: Email }, { additionalProperties: false }), 'person');

  it('returns valid input as it is', () => {
    expect(parse({ name: 'Ann', email: 'ann@example.com' })).toEqual({ name: 'Ann', email: 'ann@example.com' });
  });

  it('names every bad field in words a person can act on', () => {
    try {
      parse({ name: '  ', email: 'nope', extra: 1 });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems).toEqual(
        expect.arrayContaining([
          { pointer: '/name', message: 'must not be blank' },
          { pointer: '/email', message: 'must match format "email"' },
          { pointer: '/extra', message: 'is not an allowed field' },
        ]),
      );
      expect((error as Error).message).toMatch(/^The person is invalid: /);
    }
  });

  it('reports missing fields and oversized strings', () => {
    const result = compile(Type.Object({ name: Text(5), email: Email }))({ name: 'toolong' });
    expect(result).toEqual({
      ok: false,
      problems: expect.arrayContaining([
        { pointer: '/email', message: 'is required' },
        { pointer: '/name', message: 'must NOT have more than 5 characters' },
      ]),
    });
  });
});

describe('decimals', () => {
  const hours = compile(Type.Number({ multipleOf: 0.01 }));

  it('takes every value with two decimals, those floating point cannot divide exactly included', () => {
    for (const value of [0.07, 10.07, 40.1, 0.29, 1234.56]) expect(hours(value)).toEqual({ ok: true, value });
  });

  it('refuses a third decimal', () => {
    expect(hours(10.005)).toEqual({ ok: false, problems: [{ pointer: '/', message: 'must be multiple of 0.01' }] });
  });
});

describe('unprocessable', () => {
  it('throws a 422 UnprocessableError naming the fields when asked to', () => {
    const parse = compileParser(Type.Object({ name: Text(5) }), 'person', { unprocessable: true });
    expect(() => parse({})).toThrow(UnprocessableError);
    expect(() => parse({})).toThrow('The person is invalid: /name is required.');
  });
});

describe('a choice among values', () => {
  const statuses = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed', 'cancelled', 'merged', 'spam'] as const;
  const parse = compileParser(Type.Object({ status: Type.Union(statuses.map((s) => Type.Literal(s))), kind: Type.Optional(Type.String({ enum: ['a', 'b'] })) }), 'change');

  it('names the allowed values once instead of one "must be equal to constant" per value', () => {
    try {
      parse({ status: 'opened', kind: 'c' });
      throw new Error('expected a ValidationError');
    } catch (error) {
      expect((error as ValidationError).problems).toEqual([
        { pointer: '/status', message: `must be one of ${statuses.map((s) => `"${s}"`).join(', ')}` },
        { pointer: '/kind', message: 'must be one of "a", "b"' },
      ]);
      expect((error as Error).message).not.toContain('constant');
    }
  });

  it('keeps what a value of the wrong type gets told', () => {
    expect(compile(Type.Object({ status: Type.Union([Type.Literal('a'), Type.Literal('b')]) }))({ status: 3 })).toEqual({
      ok: false,
      problems: [{ pointer: '/status', message: 'must be one of "a", "b"' }],
    });
  });
});

describe('no value at all', () => {
  it('says what to send instead of "/ must be object"', () => {
    expect(() => compileParser(Type.Object({ name: Text(5) }), 'customer')(undefined)).toThrow('The customer is invalid: / is missing: send a JSON object.');
  });
});

describe('formats PostgreSQL takes', () => {
  const check = compile(Type.Object({ id: Type.String({ format: 'uuid' }), day: Type.String({ format: 'date' }), at: Type.String({ format: 'date-time' }) }));
  const valid = { id: '3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d', day: '2027-02-03', at: '2027-02-03T10:00:00Z' };

  it('accepts a plain UUID, and days and moments of the years 1 to 9999 (an email may be dated 1601)', () => {
    expect(check(valid).ok).toBe(true);
    expect(check({ id: valid.id.toUpperCase(), day: '0001-01-01', at: '1601-01-01T00:00:00Z' }).ok).toBe(true);
    expect(check({ ...valid, day: '9999-12-31', at: '9999-12-29T00:00:00-23:59' }).ok).toBe(true);
  });

  it('refuses a urn:uuid: UUID (PostgreSQL refuses it)', () => {
    expect(check({ ...valid, id: `urn:uuid:${valid.id}` })).toEqual({ ok: false, problems: [{ pointer: '/id', message: 'must match format "uuid"' }] });
  });

  it('refuses the year 0000, as a date and as a date-time, and an instant past what Prisma converts', () => {
    const day = 'must be a date (YYYY-MM-DD) in the years 0001 to 9999';
    const moment = 'must be a date and time (RFC 3339, with a time zone) between 0001-01-02 and 9999-12-30 UTC';
    expect(check({ ...valid, day: '0000-01-01' })).toEqual({ ok: false, problems: [{ pointer: '/day', message: day }] });
    for (const at of ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-23:59']) {
      expect(check({ ...valid, at })).toEqual({ ok: false, problems: [{ pointer: '/at', message: moment }] });
    }
  });

  it('still refuses what is no day at all, saying the same', () => {
    expect(check({ ...valid, day: '2027-02-30' })).toEqual({ ok: false, problems: [{ pointer: '/day', message: 'must be a date (YYYY-MM-DD) in the years 0001 to 9999' }] });
    expect(check({ ...valid, at: '2027-02-03' }).ok).toBe(false);
  });
});

describe('a parser', () => {
  it('carries the very schema it validates with (the API description is made from it)', () => {
    const schema = Type.Object({ name: Text(5) });
    const parse = compileParser(schema, 'person');
    expect(parse.schema).toBe(schema);
    expect(() => ((parse as { schema: unknown }).schema = Type.Object({}))).toThrow(TypeError);
  });

  it('refined, still carries the schema of what it takes', () => {
    const schema = Type.Object({ name: Text(5) });
    const parse = refineParser(compileParser(schema, 'person'), ({ name }) => name.toUpperCase());
    expect(parse({ name: 'ann' })).toBe('ANN');
    expect(parse.schema).toBe(schema);
    expect(() => parse({})).toThrow('The person is invalid: /name is required.');
  });
});
