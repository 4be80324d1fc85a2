import { randomUUID } from 'node:crypto';
import { Bus } from '@helpdesk/bus';
import {
  createEvent,
  keylessInvitationToken,
  linkKeysFrom,
  linkToken,
  passwordResetRequestedV1,
  portalInvitationIssuedV1,
  type EventDefinition,
} from '@helpdesk/contracts-schema';
import { createLogger } from '@helpdesk/logging';
import type { Static, TSchema } from '@helpdesk/validation';
import { deleteBusTopology, newTestBusPrefix, queueDepth, startTestService, startTestSmtp, testEnvironment, waitFor } from '@helpdesk/testing';
import { notifierService } from '../src/service';
import { loadConfig } from '../src/config';

const previousSecret = 'the-previous-link-secret-32-characters-or-more';
const currentSecret = 'the-current-link-secret-32-characters-or-more';
const linkSettings = { PORTAL_LINK_KEY_ID: 'k2', PORTAL_LINK_SECRET: currentSecret, PORTAL_LINK_PREVIOUS_KEYS: `k1:${previousSecret}` };

/** Emails whose links the gateway verifies: the token derived with the key the event names. */
describe('the notifier sends password reset and invitation links', () => {
  const busPrefix = newTestBusPrefix();
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let notifier: Awaited<ReturnType<typeof startTestService<any, any, any>>>;
  let publisher: Bus;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    notifier = await startTestService(notifierService, {
      loadConfig,
      busPrefix,
      env: { SMTP_URL: smtp.url, MAIL_SEND_INTERVAL_MS: '50', BUS_DELIVERY_LIMIT: '1', PORTAL_URL: 'https://portal.example', STAFF_APP_URL: 'https://staff.example/app/', ...linkSettings },
    });
    await notifier.bus.waitUntilConnected();
    publisher = new Bus({ url: testEnvironment.amqpUrl, prefix: busPrefix, log: createLogger({ service: 'test', level: 'silent' }), connectionName: 'gateway-stand-in' });
    publisher.start();
    await publisher.waitUntilConnected();
  });
  afterAll(async () => {
    await publisher.stop();
    await notifier.stop();
    await notifier.dropDatabase();
    await smtp.close();
    await deleteBusTopology(busPrefix, [`${busPrefix}.notifier`, `${busPrefix}.notifier.dead-letter`]);
  });

  async function publish<S extends TSchema>(definition: EventDefinition<S>, id: string, data: Static<S>) {
    await publisher.publish(createEvent(definition, { id, version: 1 }, data, { producer: 'gateway', correlationId: 'notifier-link-test' }));
  }
  const mailTo = (email: string) => waitFor(() => smtp.received.find((m) => m.to.includes(email)), { what: `the email to ${email}` });
  const keys = linkKeysFrom(linkSettings);

  it.each([
    ['staff', 'k1', 'https://staff.example/app/reset-password?token='],
    ['contact', 'k2', 'https://portal.example/reset-password?token='],
  ] as const)('sends a %s the reset link signed with the key the gateway named (%s)', async (accountKind, keyId, page) => {
    const resetId = randomUUID();
    const email = `${accountKind}-${keyId}@example.com`;
    await publish(passwordResetRequestedV1, resetId, { resetId, accountKind, email, name: 'Harry', expiresAt: '2026-12-01T11:00:00.000Z', keyId });
    const mail = await mailTo(email);
    expect(mail.parsed.subject).toBe('Reset your password');
    expect(mail.parsed.text).toContain('Hello Harry,');
    expect(mail.parsed.text).toContain('expires on 2026-12-01 11:00:00 UTC');
    expect(mail.parsed.text).toContain(`${page}${encodeURIComponent(linkToken(keys, 'password_reset', resetId, keyId))}`);
  });

  it('sends an invitation issued before link keys had ids with the keyless token the gateway stored the hash of', async () => {
    const invitationId = randomUUID();
    const { keyId: _none, ...issued } = { ...portalInvitationIssuedV1.example, invitationId, email: 'legacy@example.com' };
    await publish(portalInvitationIssuedV1, issued.contactId, issued);
    const mail = await mailTo('legacy@example.com');
    expect(mail.parsed.text).toContain(`https://portal.example/invitation?token=${encodeURIComponent(keylessInvitationToken(currentSecret, invitationId))}`);
  });

  it('sends nothing for a key it does not hold, so that no broken link goes out: the event is dead-lettered', async () => {
    const resetId = randomUUID();
    await publish(passwordResetRequestedV1, resetId, { resetId, accountKind: 'staff', email: 'unknown-key@example.com', name: 'Harry', expiresAt: '2026-12-01T11:00:00.000Z', keyId: 'k9' });
    await waitFor(async () => (await queueDepth(`${busPrefix}.notifier.dead-letter`)) === 1, { what: 'the dead letter' });
    expect(smtp.received.filter((m) => m.to.includes('unknown-key@example.com'))).toEqual([]);
  });
});
