import { ConfigError, parseKeyRing } from './index.js';

const names = { currentId: 'THE_KEY_ID', previous: 'THE_PREVIOUS_KEYS' };
const ring = (previous: string | undefined, current = { id: 'k3', key: 'current-key' }) => parseKeyRing({ current, previous, names });
const refusal = (previous: string, current?: { id: string; key: string }) => {
  try {
    ring(previous, current);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the key ring was accepted');
};

describe('parseKeyRing', () => {
  it('holds the current key and every previous one by id', () => {
    const keys = ring('k1:first-key,k2:second:key');
    expect(keys.current).toEqual({ id: 'k3', key: 'current-key' });
    expect([...keys.byId]).toEqual([
      ['k1', 'first-key'],
      ['k2', 'second:key'],
      ['k3', 'current-key'],
    ]);
  });

  it('holds the current key alone when there are no previous keys', () => {
    expect([...ring(undefined).byId]).toEqual([['k3', 'current-key']]);
    expect([...ring('').byId]).toEqual([['k3', 'current-key']]);
  });

  it('decodes every key the same way', () => {
    const keys = parseKeyRing({ current: { id: 'k2', key: 'ff00' }, previous: 'k1:00ff', names, decode: (hex) => Buffer.from(hex, 'hex') });
    expect(keys.current.key).toEqual(Buffer.from([0xff, 0]));
    expect(keys.byId.get('k1')).toEqual(Buffer.from([0, 0xff]));
  });

  it('refuses an id listed twice among the previous keys, naming the setting and the id but no key', () => {
    const message = refusal('k1:first-key,k2:second-key,k1:other-key');
    expect(message).toBe('Invalid configuration: THE_PREVIOUS_KEYS lists the key id "k1" twice; each id names one key');
    expect(message).not.toContain('first-key');
  });

  it('refuses the current id listed among the previous keys', () => {
    const message = refusal('k1:first-key,k3:old-current-key');
    expect(message).toContain('THE_PREVIOUS_KEYS lists the key id "k3", which is the current key\'s id (THE_KEY_ID)');
    expect(message).not.toContain('old-current-key');
  });

  it.each(['k1', 'k1:', ':key', 'k1:key,,k2:key'])('refuses an entry that is not id:key (%s)', (previous) => {
    expect(refusal(previous)).toMatch(/THE_PREVIOUS_KEYS entry \d is not "id:key"/);
  });
});
