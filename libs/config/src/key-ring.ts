import { ConfigError } from './index.js';

/** Keys by id: the current one makes new things (signs, seals), every one listed still checks or opens what it made. */
export interface KeyRing<K> {
  current: { id: string; key: K };
  /** Every key that still checks or opens, the current one included. */
  byId: ReadonlyMap<string, K>;
}

export interface KeyRingSettings<K> {
  /** The current key and its id, as configured. */
  current: { id: string; key: string };
  /** The previous keys, as `id:key,id:key` (a key may itself contain `:`, never `,`); absent or empty for none. */
  previous: string | undefined;
  /** The names of the settings, for the messages: the current key's id and the previous keys. */
  names: { currentId: string; previous: string };
  /** Turns a configured key into what it is used as (e.g. hex into bytes); the text as it is by default. */
  decode?(key: string): K;
}

/**
 * The one reading of a key ring from the settings (the link keys of emailed links, the keys that
 * seal mailbox secrets). Each id names one key: an id listed twice among the previous keys, or the
 * current id listed among them, is refused with a ConfigError at start-up, instead of one key quietly
 * replacing the other and what it made failing later. The messages name ids and settings, never keys.
 */
export function parseKeyRing<K = string>(settings: KeyRingSettings<K>): KeyRing<K> {
  const decode = settings.decode ?? ((key: string) => key as unknown as K);
  const { currentId, previous: previousName } = settings.names;
  const byId = new Map<string, K>();
  const entries = settings.previous?.trim() ? settings.previous.split(',') : [];
  entries.forEach((entry, index) => {
    const at = entry.indexOf(':');
    const id = entry.slice(0, at).trim();
    const key = entry.slice(at + 1).trim();
    if (at < 0 || id === '' || key === '') {
      throw new ConfigError(`Invalid configuration: ${previousName} entry ${index + 1} is not "id:key" (entries are separated by commas)`);
    }
    if (id === settings.current.id) {
      throw new ConfigError(
        `Invalid configuration: ${previousName} lists the key id "${id}", which is the current key's id (${currentId}); ` +
          'each id names one key: give a new key a new id and keep the previous ones under the ids they had',
      );
    }
    if (byId.has(id)) {
      throw new ConfigError(`Invalid configuration: ${previousName} lists the key id "${id}" twice; each id names one key`);
    }
    byId.set(id, decode(key));
  });
  const current = { id: settings.current.id, key: decode(settings.current.key) };
  byId.set(current.id, current.key);
  return { current, byId };
}
