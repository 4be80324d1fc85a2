import { Type } from '@helpdesk/validation';
import { ConfigError, defineConfig } from './index.js';

const schema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres' }),
  PORT: Type.Integer({ minimum: 1, default: 3000 }),
  SECRET: Type.String({ minLength: 8 }),
  VERBOSE: Type.Boolean({ default: false }),
});

describe('defineConfig', () => {
  it('coerces strings, fills defaults and freezes the result', () => {
    const config = defineConfig(schema, { DATABASE_URL: 'postgres://db', PORT: '8080', SECRET: 'long enough', VERBOSE: 'true' });
    expect(config).toEqual({ DATABASE_URL: 'postgres://db', PORT: 8080, SECRET: 'long enough', VERBOSE: true });
    expect(Object.isFrozen(config)).toBe(true);
    expect(defineConfig(schema, { DATABASE_URL: 'postgres://db', SECRET: 'long enough' }).PORT).toBe(3000);
  });

  it('fails with one line naming every missing or bad setting, and never echoes a value', () => {
    let error: unknown;
    try {
      defineConfig(schema, { PORT: 'eighty', SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain('DATABASE_URL is required');
    expect(message).toContain('PORT must be integer');
    expect(message).toContain('SECRET must NOT have fewer than 8 characters');
    expect(message).not.toContain('short');
  });

  it('treats an empty variable as unset', () => {
    expect(() => defineConfig(schema, { DATABASE_URL: '', SECRET: 'long enough' })).toThrow('DATABASE_URL is required');
  });
});
