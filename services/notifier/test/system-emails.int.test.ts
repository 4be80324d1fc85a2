import { randomUUID } from 'node:crypto';
import {
  createEvent,
  linkKeysFrom,
  ticketCreatedV1,
  passwordResetRequestedV1,
  portalInvitationAcceptedV1,
  portalInvitationIssuedV1,
  verifyLinkToken,
  type Envelope,
  type EventDefinition,
} from '@helpdesk/contracts-schema';
import type { Static, TSchema } from '@helpdesk/validation';
import { waitFor } from '@helpdesk/testing';
import { eventGroups } from '../src/events/subscriptions';
import { openDatabase } from '../src/persistence/client';
import { administrator, agent, startNotifierWithSmtp, type NotifierWithSmtp } from './support/notifier';

/**
 * System emails (issue 12, item 3): each with its own switch (both on in a new installation), the
 * switch announced as system_email.updated; the portal invitation and the account-created notice
 * rendered from their templates (HTML and text), and logged as not sent while switched off.
 * Real PostgreSQL, RabbitMQ and an SMTP server; the gateway is stood in for by a publisher.
 */
describe('system emails', () => {
  let n: NotifierWithSmtp;
  const admin = administrator();

  beforeAll(async () => {
    n = await startNotifierWithSmtp({ env: { HELPDESK_NAME: 'Acme Support' }, watch: ['system_email.updated', 'outgoing_email.queued'] });
  });
  afterAll(() => n?.stop());

  const switches = async () => (await n.call('GET', '/api/emails/system', { as: admin })).body.items as Array<{ key: string; enabled: boolean; version: number }>;
  const switchTo = async (key: string, enabled: boolean) => {
    const current = (await switches()).find((s) => s.key === key)!;
    const answer = await n.call('PATCH', `/api/emails/system/${key}`, { as: admin, body: { enabled, version: current.version } });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const rowsTo = (address: string) =>
    n.query<{ id: string; kind: string; subject: string; text_body: string; html_body: string | null; source: string; template_key: string; not_sent_reason: string | null; sent_at: Date | null; auto_submitted: string }>(
      'SELECT * FROM outgoing_emails WHERE to_address = $1 ORDER BY created_at',
      [address],
    );
  const mailTo = (address: string) => n.smtp.waitForMail((mail) => mail.to.includes(address));
  const keys = () => linkKeysFrom(n.service.config);
  const invite = (email: string) => {
    const invitationId = randomUUID();
    const data = { ...portalInvitationIssuedV1.example, invitationId, email, firstName: 'Harry', lastName: 'Porter', keyId: keys().current.id, expiresAt: '2026-12-09T10:00:00.000Z' };
    return n.publisher.publish(portalInvitationIssuedV1, { id: data.contactId, version: 1 }, data);
  };
  const accepted = (data: Partial<(typeof portalInvitationAcceptedV1)['example']> & { email?: string; firstName?: string; lastName?: string }) =>
    n.publisher.publish(portalInvitationAcceptedV1, { id: randomUUID(), version: 2 }, { ...portalInvitationAcceptedV1.example, invitationId: randomUUID(), ...data });
  /** An email that is sent, published after `event`: once it arrived, the group of the event before was applied. */
  const sentAfter = async () => {
    const address = `later-${randomUUID()}@example.com`;
    await n.publisher.publish(passwordResetRequestedV1, { id: randomUUID(), version: 1 }, { resetId: randomUUID(), accountKind: 'contact', email: address, name: 'Later', expiresAt: '2026-12-09T10:00:00.000Z', keyId: keys().current.id });
    await mailTo(address);
  };

  it('lists both system emails, on, and announced them once at their first version', async () => {
    expect(await switches()).toEqual([
      { key: 'portal_account_created', name: 'Portal account created', enabled: true, templateKey: 'system-portal-account-created', version: 1 },
      { key: 'portal_invitation', name: 'Invitation to create a portal account', enabled: true, templateKey: 'system-portal-invitation', version: 1 },
    ]);
    const announced = await waitFor(() => n.published.filter((e) => e.type === 'system_email.updated').length === 2 && n.published, { what: 'the two announcements' });
    expect(announced.filter((e) => e.type === 'system_email.updated').map((e) => [e.aggregate, e.data] as const).sort((a, b) => a[0].id.localeCompare(b[0].id))).toEqual([
      [{ type: 'system_email', id: 'portal_account_created', version: 1 }, { key: 'portal_account_created', enabled: true }],
      [{ type: 'system_email', id: 'portal_invitation', version: 1 }, { key: 'portal_invitation', enabled: true }],
    ]);
  });

  it('sends the invitation from its template, HTML and text, with a working link, and blanks both bodies once sent', async () => {
    const issued = await invite('harry@customer.example');
    const mail = await mailTo('harry@customer.example');

    expect(mail.parsed.subject).toBe('Your invitation to the customer portal');
    expect(mail.parsed.text).toContain('Hello Harry,');
    expect(mail.parsed.text).toContain('expires on 2026-12-09 10:00:00 UTC');
    expect(mail.parsed.text).toContain('Your support team, Acme Support');
    expect(mail.parsed.html).toContain('<p>Hello Harry,</p>');
    expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    const token = decodeURIComponent(/https:\/\/portal\.helpdesk\.test\/invitation\?token=(\S+)/.exec(mail.parsed.text ?? '')![1]!);
    expect(verifyLinkToken(keys(), 'invitation', token)).toEqual({ id: issued.data.invitationId });
    expect(mail.parsed.html).toContain(`href="https://portal.helpdesk.test/invitation?token=${encodeURIComponent(token)}"`);

    const [row] = await waitFor(async () => {
      const rows = await rowsTo('harry@customer.example');
      return rows[0]?.sent_at && rows;
    }, { what: 'the invitation to be marked sent' });
    expect(row).toMatchObject({ kind: 'portal_invitation', source: 'system_email', template_key: 'system-portal-invitation', not_sent_reason: null, html_body: null });
    expect(row!.text_body).not.toContain(token.split('.').at(-1));
  });

  it('switches a system email off and on: each change announced at its version, stale versions refused', async () => {
    const before = (await switches()).find((s) => s.key === 'portal_invitation')!;
    const settingsVersion = async () => Number((await n.query<{ version: string }>('SELECT version FROM notifier_settings'))[0]!.version);
    const settingsBefore = await settingsVersion();

    const off = await n.call('PATCH', '/api/emails/system/portal_invitation', { as: admin, body: { enabled: false, version: before.version } });
    expect(off).toMatchObject({ status: 200, body: { key: 'portal_invitation', enabled: false, version: before.version + 1 } });
    const stale = await n.call('PATCH', '/api/emails/system/portal_invitation', { as: admin, body: { enabled: true, version: before.version } });
    expect(stale).toMatchObject({ status: 409, body: { detail: expect.stringContaining(`it is now at version ${before.version + 1}`) } });
    expect((await switches()).find((s) => s.key === 'portal_invitation')).toMatchObject({ enabled: false, version: before.version + 1 });

    const event = await waitFor(() => n.published.find((e) => e.type === 'system_email.updated' && e.aggregate.version === before.version + 1), { what: 'system_email.updated' });
    expect(event).toMatchObject({ aggregate: { type: 'system_email', id: 'portal_invitation' }, data: { key: 'portal_invitation', enabled: false } });
    expect(await settingsVersion()).toBe(settingsBefore + 1);

    // Switching to the state it has changes nothing: no new version, no event.
    const again = await n.call('PATCH', '/api/emails/system/portal_invitation', { as: admin, body: { enabled: false, version: before.version + 1 } });
    expect(again).toMatchObject({ status: 200, body: { enabled: false, version: before.version + 1 } });

    expect(await switchTo('portal_invitation', true)).toMatchObject({ enabled: true, version: before.version + 2 });
  });

  it('answers 404 for an unknown system email, 400 for a bad change, 403 without the permission or access to all customers', async () => {
    expect(await n.call('PATCH', '/api/emails/system/password_reset', { as: admin, body: { enabled: false, version: 1 } })).toMatchObject({
      status: 404,
      body: { detail: expect.stringContaining('There is no system email "password_reset"') },
    });
    for (const body of [{ enabled: false }, { enabled: 'no', version: 1 }, { enabled: false, version: 1, templateKey: 'x' }, 'not json']) {
      expect((await n.call('PATCH', '/api/emails/system/portal_invitation', { as: admin, body })).status).toBe(400);
    }
    const withoutPermission = agent(['email_log.manage']);
    const withoutReach = agent(['automations.manage']);
    for (const as of [withoutPermission, withoutReach]) {
      expect((await n.call('GET', '/api/emails/system', { as })).status).toBe(403);
      expect((await n.call('PATCH', '/api/emails/system/portal_invitation', { as, body: { enabled: false, version: 1 } })).status).toBe(403);
    }
    expect((await n.call('GET', '/api/emails/system')).status).toBe(401);
    expect((await switches()).every((s) => s.enabled)).toBe(true);
  });

  it('with the invitation switched off, logs the invitation as not sent, with no link, and delivers nothing', async () => {
    await switchTo('portal_invitation', false);
    await invite('switched-off@customer.example');
    const [row] = await waitFor(async () => {
      const rows = await rowsTo('switched-off@customer.example');
      return rows.length > 0 && rows;
    }, { what: 'the not-sent row' });
    await sentAfter();

    expect(row).toMatchObject({ kind: 'portal_invitation', not_sent_reason: 'system_email_off', sent_at: null, source: 'system_email', template_key: 'system-portal-invitation' });
    expect(row!.text_body).not.toContain('token=');
    expect(n.smtp.received.filter((mail) => mail.to.includes('switched-off@customer.example'))).toEqual([]);
    expect(n.published.filter((e) => e.type === 'outgoing_email.queued' && e.data.outgoingEmailId === row!.id)).toEqual([]);
    await switchTo('portal_invitation', true);
  });

  it('with the portal switched off by another instance, withholds the invitation and a contact\'s reset link though this instance planned with the portal on', async () => {
    // This instance's catalogue says the portal is on; the change lands behind its back (as another instance's would).
    await invite('warm-up@customer.example');
    await mailTo('warm-up@customer.example');
    const appId = randomUUID();
    await n.query(`INSERT INTO notifier_customer_apps (id, kind, enabled, deleted, version) VALUES ($1, 'portal', false, false, 1)`, [appId]);
    await n.query(`UPDATE notifier_settings SET version = version + 1`);
    try {
      await invite('after-switch-off@customer.example');
      await n.publisher.publish(passwordResetRequestedV1, { id: randomUUID(), version: 1 }, {
        resetId: randomUUID(),
        accountKind: 'contact',
        email: 'reset-after-switch-off@customer.example',
        name: 'Reset',
        expiresAt: '2026-12-09T10:00:00.000Z',
        keyId: keys().current.id,
      });
      for (const address of ['after-switch-off@customer.example', 'reset-after-switch-off@customer.example']) {
        const [row] = await waitFor(async () => {
          const rows = await rowsTo(address);
          return rows.length > 0 && rows;
        }, { what: `the row to ${address}` });
        expect(row).toMatchObject({ not_sent_reason: 'portal_disabled', sent_at: null });
        expect(`${row!.text_body}${row!.html_body ?? ''}`).not.toContain('token=');
      }
    } finally {
      await n.query(`DELETE FROM notifier_customer_apps WHERE id = $1`, [appId]);
      await n.query(`UPDATE notifier_settings SET version = version + 1`);
    }
    await sentAfter();
    expect(n.smtp.received.filter((mail) => /after-switch-off/.test(mail.to.join(',')))).toEqual([]);
  });

  it('sends the account-created notice when an invitation is accepted, to the address the acceptance names', async () => {
    await accepted({ email: 'ginny@customer.example', firstName: 'Ginny', lastName: 'Weasley' });
    const mail = await mailTo('ginny@customer.example');

    expect(mail.parsed.subject).toBe('Your customer portal account is ready');
    expect(mail.parsed.text).toContain('Hello Ginny,');
    expect(mail.parsed.text).toContain('Sign in with ginny@customer.example at https://portal.helpdesk.test');
    expect(mail.parsed.html).toContain('<a href="https://portal.helpdesk.test">');
    const [row] = await rowsTo('ginny@customer.example');
    expect(row).toMatchObject({ kind: 'portal_account_created', source: 'system_email', template_key: 'system-portal-account-created', not_sent_reason: null, auto_submitted: 'auto-generated' });
  });

  it('with the account-created email switched off, logs it as not sent; an acceptance without an address writes nothing', async () => {
    await switchTo('portal_account_created', false);
    await accepted({ email: 'luna@customer.example', firstName: 'Luna' });
    const older = await accepted({});
    await waitFor(async () => (await n.query('SELECT 1 FROM processed_events WHERE event_id = $1', [older.id])).length === 1, { what: 'the older acceptance to be applied' });
    const [row] = await waitFor(async () => {
      const rows = await rowsTo('luna@customer.example');
      return rows.length > 0 && rows;
    }, { what: 'the not-sent row' });
    await sentAfter();

    expect(row).toMatchObject({ kind: 'portal_account_created', not_sent_reason: 'system_email_off', sent_at: null });
    expect(row!.text_body).toContain('Hello Luna,');
    expect(n.smtp.received.filter((mail) => mail.to.includes('luna@customer.example'))).toEqual([]);
    expect(await n.query('SELECT 1 FROM outgoing_emails WHERE caused_by_event = $1', [older.id])).toEqual([]);
    await switchTo('portal_account_created', true);
  });

  it('decides system emails from the catalogue (switches and templates): a group with a system email event is one statement, as any other', async () => {
    const db = openDatabase(n.service.databaseUrl);
    const statements: string[] = [];
    // Both pools: the group statement runs on the hot path's own (persistence/client.ts).
    for (const pool of [db.pool, db.plannedOncePool]) {
      const query = pool.query.bind(pool);
      pool.query = ((text: unknown, ...rest: unknown[]) => {
        statements.push(typeof text === 'string' ? text : String((text as { text?: unknown }).text));
        return (query as (...args: unknown[]) => unknown)(text, ...rest);
      }) as typeof pool.query;
    }
    const context = { ...n.service, db };
    const event = <S extends TSchema>(definition: EventDefinition<S>, data: Static<S>) =>
      createEvent(definition, { id: randomUUID(), version: 1 }, data, { producer: definition.producer, correlationId: 'statements' }) as Envelope;
    const ticket = () => event(ticketCreatedV1, { ...ticketCreatedV1.example, ticketId: randomUUID(), requesterEmail: `${randomUUID()}@customer.example` });
    try {
      // The first group of a connection pool loads the automations' catalogue; count from the next.
      await eventGroups.handleGroup([ticket()], context);
      statements.length = 0;
      await eventGroups.handleGroup([ticket(), ticket()], context);
      expect(statements).toHaveLength(1);
      statements.length = 0;
      const invitation = { ...portalInvitationIssuedV1.example, invitationId: randomUUID(), email: 'counted@customer.example', keyId: keys().current.id };
      const acceptance = { ...portalInvitationAcceptedV1.example, invitationId: randomUUID(), email: 'counted-too@customer.example' };
      await eventGroups.handleGroup([ticket(), event(portalInvitationIssuedV1, invitation), event(portalInvitationAcceptedV1, acceptance)], context);
      expect(statements).toHaveLength(1);
      expect(statements[0]).toContain('INSERT INTO outgoing_emails');
      expect((await rowsTo('counted@customer.example')).map((row) => row.template_key)).toEqual(['system-portal-invitation']);
    } finally {
      await db.disconnect();
    }
  });
});
