import { ValidationError } from '@helpdesk/errors';
import { Email, Text, Type, compile, compileParser } from './index.js';

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
