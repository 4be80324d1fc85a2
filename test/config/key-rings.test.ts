import { ConfigError } from '@helpdesk/config';
import { testEnvironment, testKeys, testSecrets } from '@helpdesk/testing';
import { loadConfig as loadGatewayConfig } from '../../services/gateway/src/config';
import { loadConfig as loadMailIngestConfig } from '../../services/mail-ingest/src/config';
import { loadConfig as loadNotifierConfig } from '../../services/notifier/src/config';

/** The settings a service starts with, as the tests start it. */
const base = (service: string) => ({
  DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/unused',
  AMQP_URL: testEnvironment.amqpUrl,
  ...testKeys.env(service),
  JWT_SECRET: testSecrets.jwt,
  PORTAL_LINK_SECRET: testSecrets.portalLink,
  EMAIL_ACCOUNT_SECRET_KEY: testSecrets.emailAccountKey,
});
const linkSecret = (n: number) => `link-secret-number-${n}-`.padEnd(40, 'x');
const sealingKey = (n: number) => String(n).repeat(64);

function refusal(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

/** A key id given twice is refused when the service loads its configuration, so it never starts (runMain prints the line and exits 1). */
describe('the services refuse a key ring with an id given twice at start-up', () => {
  it.each([
    ['gateway', loadGatewayConfig],
    ['notifier', loadNotifierConfig],
  ] as const)('%s: the link keys', (service, load) => {
    const env = (previous: string) => ({ ...base(service), PORTAL_LINK_KEY_ID: 'k3', PORTAL_LINK_SECRET: linkSecret(3), PORTAL_LINK_PREVIOUS_KEYS: previous });
    expect(load(env(`k1:${linkSecret(1)},k2:${linkSecret(2)}`)).PORTAL_LINK_KEY_ID).toBe('k3');
    expect(refusal(() => load(env(`k1:${linkSecret(1)},k1:${linkSecret(2)}`)))).toBe('Invalid configuration: PORTAL_LINK_PREVIOUS_KEYS lists the key id "k1" twice; each id names one key');
    expect(refusal(() => load(env(`k3:${linkSecret(1)}`)))).toContain('PORTAL_LINK_PREVIOUS_KEYS lists the key id "k3", which is the current key\'s id (PORTAL_LINK_KEY_ID)');
  });

  it('mail-ingest: the keys that seal the mailboxes\' secrets', () => {
    const env = (previous: string) => ({ ...base('mail-ingest'), EMAIL_ACCOUNT_SECRET_KEY_ID: 'k3', EMAIL_ACCOUNT_SECRET_KEY: sealingKey(3), EMAIL_ACCOUNT_PREVIOUS_KEYS: previous });
    expect(loadMailIngestConfig(env(`k1:${sealingKey(1)},k2:${sealingKey(2)}`)).EMAIL_ACCOUNT_SECRET_KEY_ID).toBe('k3');
    const twice = refusal(() => loadMailIngestConfig(env(`k1:${sealingKey(1)},k1:${sealingKey(2)}`)));
    expect(twice).toBe('Invalid configuration: EMAIL_ACCOUNT_PREVIOUS_KEYS lists the key id "k1" twice; each id names one key');
    expect(twice).not.toContain(sealingKey(1));
    expect(refusal(() => loadMailIngestConfig(env(`k3:${sealingKey(1)}`)))).toContain('which is the current key\'s id (EMAIL_ACCOUNT_SECRET_KEY_ID)');
  });
});
