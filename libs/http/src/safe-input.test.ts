import { MAX_JSON_DEPTH, unsafeInputIn } from './safe-input.js';

const nested = (levels: number, leaf: unknown = 1): unknown => (levels === 0 ? leaf : { a: nested(levels - 1, leaf) });

describe('unsafeInputIn', () => {
  it('accepts ordinary JSON, pairs of surrogates (an emoji) and the full nesting allowed', () => {
    expect(unsafeInputIn({ subject: 'Drucker 🖨 defekt', tags: ['a', { b: null, c: 2 }] })).toBeUndefined();
    expect(unsafeInputIn(nested(MAX_JSON_DEPTH))).toBeUndefined();
  });

  it('names the first level too deep, and walks 10,000 levels without overflowing the stack', () => {
    const tooDeep = unsafeInputIn(nested(MAX_JSON_DEPTH + 1));
    expect(tooDeep).toMatchObject({ pointer: '/a'.repeat(MAX_JSON_DEPTH), message: `is nested more than ${MAX_JSON_DEPTH} levels deep` });
    const arrays = JSON.parse(`${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(unsafeInputIn(arrays)?.pointer).toBe('/0'.repeat(MAX_JSON_DEPTH));
  });

  it.each([
    ['a lone high surrogate in a value', { notes: [{ body: 'a\ud800b' }] }, '/notes/0/body', /lone surrogate/],
    ['a lone low surrogate in a key', { ok: 'x', ['\udc00']: 1 }, '/\udc00', /lone surrogate/],
    ['surrogates in the wrong order', { name: '\udc00\ud800' }, '/name', /lone surrogate/],
    ['a NUL character', { name: 'a\u0000b' }, '/name', /NUL/],
    ['a NUL character in a key holding / and ~', { 'a/b~c\u0000': 1 }, '/a~1b~0c\u0000', /NUL/],
    ['a bare string body', '\ud800', '/', /lone surrogate/],
  ])('refuses %s, naming it', (_name, value, pointer, message) => {
    expect(unsafeInputIn(value)).toMatchObject({ pointer, message: expect.stringMatching(message) });
  });
});
