import { randomUUID } from 'node:crypto';
import { teamCreatedV1 } from '@helpdesk/contracts-schema';
import { allPermissionNames, type Principal, type StaffPrincipal } from '@helpdesk/http';
import { gatewayAssertionHeader, jsonClient, newTestBusPrefix, queryDatabase, startTestPublisher, startTestService, tearDownTestService, waitFor } from '@helpdesk/testing';
import { loadConfig } from '../src/config';
import { notifierService } from '../src/service';

const portalUrl = 'https://help.example/portal';

/**
 * Email templates through the notifier's HTTP API (issue 12, item 2), as the gateway forwards it:
 * saved only when valid (400 naming each error's part, line and column), edited with the version
 * loaded, system and used templates kept, previewed against sample values in both portal modes,
 * and administered only by holders of automations.manage who reach every customer.
 */
describe('email templates', () => {
  const busPrefix = newTestBusPrefix();
  let notifier: Awaited<ReturnType<typeof startTestService<any, any, any>>>;
  let publisher: Awaited<ReturnType<typeof startTestPublisher>>;
  const admin: StaffPrincipal = { kind: 'staff', userId: randomUUID(), role: 'admin', permissions: [...allPermissionNames], teamIds: [] };
  const agent = (permissions: StaffPrincipal['permissions'], teamIds: string[]): StaffPrincipal => ({ kind: 'staff', userId: randomUUID(), role: 'agent', permissions, teamIds });

  beforeAll(async () => {
    notifier = await startTestService(notifierService, { loadConfig, busPrefix, env: { PORTAL_URL: portalUrl } });
    publisher = await startTestPublisher(busPrefix, 'notifier-templates-test');
  });
  afterAll(async () => {
    await tearDownTestService(busPrefix, notifier, [publisher]);
  });

  const http = jsonClient(() => notifier.url);
  /** A request as the gateway forwards it: signed for this principal, method, path and body. */
  function call(method: string, path: string, as?: Principal, body?: unknown) {
    const raw = body === undefined ? undefined : JSON.stringify(body);
    return http(method, path, { body: raw, headers: as ? gatewayAssertionHeader(as, { service: 'notifier', method, path, body: raw }) : {} });
  }
  const query = <T extends Record<string, unknown>>(sql: string, values: unknown[] = []) => queryDatabase<T>(notifier.databaseUrl, sql, values);
  const settingsVersion = async () => Number((await query<{ version: string }>('SELECT version FROM notifier_settings WHERE id = 1'))[0]!.version);
  const templateCount = async () => Number((await query<{ n: string }>('SELECT count(*) AS n FROM email_templates'))[0]!.n);
  const seeded = async (key: string) => (await query<{ id: string }>('SELECT id FROM email_templates WHERE key = $1', [key]))[0]!.id;

  let seq = 0;
  const fresh = (overrides: Record<string, unknown> = {}) => ({
    key: `custom-${++seq}`,
    name: `Custom ${seq}`,
    context: 'ticket_note',
    subject: '[Ticket #{{ ticket.number }}] {{ ticket.subject }}',
    html: '<p>{{ note.body | newline_to_br }}</p>\n<p>{{ note.author_name }}</p>',
    ...overrides,
  });

  it('lists the seeded templates, system ones marked, and shows one with its bodies', async () => {
    const list = await call('GET', '/api/emails/templates', admin);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(14);
    const byKey = Object.fromEntries(list.body.items.map((item: { key: string }) => [item.key, item]));
    expect(byKey['a02-thank-you']).toMatchObject({ context: 'ticket', system: false, version: 1, subject: '[Ticket #{{ ticket.number }}] {{ ticket.subject }}' });
    expect(byKey['system-portal-invitation']).toMatchObject({ context: 'contact_invitation', system: true });
    expect(list.body.items[0]).not.toHaveProperty('html');

    const one = await call('GET', `/api/emails/templates/${byKey['a02-thank-you'].id}`, admin);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ key: 'a02-thank-you', html: expect.stringContaining('{% if portal.enabled %}'), text: expect.stringContaining('opened ticket #{{ ticket.number }}') });
    expect((await call('GET', `/api/emails/templates/${randomUUID()}`, admin)).status).toBe(404);
    expect(await call('GET', '/api/emails/templates/not-an-id', admin)).toMatchObject({ status: 400, body: { errors: [{ pointer: '/' }] } });
  });

  it('creates a valid template, counting the settings version up, and refuses a taken key (409) or a key that is no slug (400)', async () => {
    const before = await settingsVersion();
    const body = fresh({ text: 'Text: {{ note.body }}' });
    const created = await call('POST', '/api/emails/templates', admin, body);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/emails/templates/${created.body.id}`);
    expect(created.body).toMatchObject({ ...body, system: false, version: 1, updatedBy: admin.userId });
    expect(await settingsVersion()).toBe(before + 1);
    expect((await call('GET', `/api/emails/templates/${created.body.id}`, admin)).body).toEqual(created.body);

    const count = await templateCount();
    expect(await call('POST', '/api/emails/templates', admin, { ...fresh(), key: body.key })).toMatchObject({ status: 409, body: { detail: expect.stringContaining(`"${body.key}"`) } });
    expect(await call('POST', '/api/emails/templates', admin, fresh({ key: 'Not A Slug' }))).toMatchObject({ status: 400, body: { errors: [{ pointer: '/key' }] } });
    expect(await call('POST', '/api/emails/templates', admin, fresh({ context: 'invoice' }))).toMatchObject({ status: 400, body: { errors: [{ pointer: '/context', message: expect.stringContaining('"ticket"') }] } });
    expect(await call('POST', '/api/emails/templates', admin, fresh({ system: true }))).toMatchObject({ status: 400, body: { errors: [{ pointer: '/system' }] } });
    expect(await templateCount()).toBe(count);
    expect(await settingsVersion()).toBe(before + 1);
  });

  it('refuses on save an unknown placeholder and a syntax error, naming part, line and column of each', async () => {
    const count = await templateCount();
    const refused = await call('POST', '/api/emails/templates', admin, fresh({
      context: 'ticket',
      subject: 'Ticket {{ ticket.numbr }}',
      html: '<p>Hello {{ contact.first_name }},</p>\n<p>{{ note.body }}</p>\n{% if ticket.status == "open" %}still open',
      text: '{% include "/etc/passwd" %}\n{{ process.env.DATABASE_URL }}',
    }));
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body.detail).toMatch(/^The template has errors: html line 3, column 1: tag {% if ticket.status == "open" %} not closed \(and 2 more; see errors\)\.$/);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ pointer: '/html', line: 3, col: 1, kind: 'syntax' }),
      expect.objectContaining({ pointer: '/subject', line: 1, col: 11, kind: 'unknown_placeholder', detail: expect.stringContaining('"ticket.numbr"') }),
      expect.objectContaining({ pointer: '/text', line: 1, col: 1, kind: 'forbidden_tag' }),
    ]);
    // With the syntax error fixed, the placeholder that context lacks is found where it is written.
    const unknown = await call('POST', '/api/emails/templates', admin, fresh({ context: 'ticket', html: '<p>Hello {{ contact.first_name }},</p>\n<p>{{ note.body }}</p>' }));
    expect(unknown.body.errors).toEqual([{ pointer: '/html', line: 2, col: 7, kind: 'unknown_placeholder', detail: expect.stringContaining('"note.body"'), message: expect.any(String) }]);
    expect(await templateCount()).toBe(count);
  });

  it('changes a template only at the version the editor loaded (409 when stale), validates the result, and keeps key and context', async () => {
    const created = (await call('POST', '/api/emails/templates', admin, fresh())).body;
    const path = `/api/emails/templates/${created.id}`;
    const before = await settingsVersion();
    const changed = await call('PATCH', path, admin, { version: 1, subject: 'Note on #{{ ticket.number }}', text: 'Plain: {{ note.body }}' });
    expect(changed).toMatchObject({ status: 200, body: { version: 2, subject: 'Note on #{{ ticket.number }}', html: created.html, text: 'Plain: {{ note.body }}', key: created.key } });
    expect(await settingsVersion()).toBe(before + 1);

    expect(await call('PATCH', path, admin, { version: 1, name: 'Lost update' })).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/version 2 now/) } });
    expect(await call('PATCH', path, admin, { version: 2, html: '{{ change.to }}' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html', line: 1, col: 4, kind: 'unknown_placeholder' }] } });
    expect(await call('PATCH', path, admin, { version: 2, key: 'renamed' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/key' }] } });
    expect(await call('PATCH', path, admin, { version: 2, context: 'ticket' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/context' }] } });
    expect(await call('PATCH', path, admin, { version: 2 })).toMatchObject({ status: 400 });
    expect(await call('PATCH', path, admin, { version: 2 ** 31, name: 'x' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/version' }] } });
    expect(await settingsVersion()).toBe(before + 1);

    // Back to a plain-text part derived from the HTML.
    expect(await call('PATCH', path, admin, { version: 2, text: null })).toMatchObject({ status: 200, body: { version: 3, text: null } });
    expect((await call('PATCH', `/api/emails/templates/${randomUUID()}`, admin, { version: 1, name: 'x' })).status).toBe(404);
    // A system template is edited like any other.
    const invitation = await seeded('system-portal-invitation');
    expect(await call('PATCH', `/api/emails/templates/${invitation}`, admin, { version: 1, subject: 'Join our customer portal' })).toMatchObject({ status: 200, body: { version: 2, system: true } });
  });

  it('deletes a template nothing uses (204, then 404), never a system template, nor one an automation sends (409 naming it)', async () => {
    const system = await seeded('group-ticket-closed');
    expect(await call('DELETE', `/api/emails/templates/${system}`, admin)).toMatchObject({ status: 409, body: { detail: expect.stringMatching(/system template.*edited, not deleted/) } });

    const used = (await call('POST', '/api/emails/templates', admin, fresh())).body;
    const automation = await call('POST', '/api/automations', admin, {
      name: 'Tell the team',
      // The template is written for notes.
      trigger: 'ticket.public_note_added',
      conditions: [],
      actions: [{ type: 'send_email', templateId: used.id, to: [{ kind: 'requester' }] }],
      enabled: false,
    });
    expect(automation.status).toBe(201);
    expect(await call('DELETE', `/api/emails/templates/${used.id}`, admin)).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining(`automation ${automation.body.code} "Tell the team"`) },
    });
    expect((await call('DELETE', `/api/automations/${automation.body.id}`, admin)).status).toBe(204);

    const before = await settingsVersion();
    expect((await call('DELETE', `/api/emails/templates/${used.id}`, admin)).status).toBe(204);
    expect(await settingsVersion()).toBe(before + 1);
    expect((await call('GET', `/api/emails/templates/${used.id}`, admin)).status).toBe(404);
    expect((await call('DELETE', `/api/emails/templates/${used.id}`, admin)).status).toBe(404);
  });

  it('validates a template being edited: the placeholders it uses, or the errors with their positions', async () => {
    const valid = await call('POST', '/api/emails/templates/validate', admin, { context: 'ticket_change', subject: '#{{ ticket.number }}: {{ change.to }}', html: '{% assign who = change.actor_name %}<p>{{ who }}</p>' });
    expect(valid).toMatchObject({ status: 200, body: { placeholders: ['change.actor_name', 'change.to', 'ticket.number'] } });
    const syntax = await call('POST', '/api/emails/templates/validate', admin, { context: 'contract', subject: 'Hours', html: 'x\n{{ contract.hours | times: 2 }}\n{{ ticket.number | nope }}', text: null });
    // Placeholders are checked in a template that parses: first the unknown filter.
    expect(syntax).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html', line: 3, col: 1, kind: 'unknown_filter' }] } });
    expect(syntax.body.errors).toHaveLength(1);
    const unknown = await call('POST', '/api/emails/templates/validate', admin, { context: 'contract', subject: 'Hours', html: 'x\n{{ contract.hours_left | times: 2 }}\n{{ ticket.status }}', text: null });
    expect(unknown).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html', line: 2, col: 4, kind: 'unknown_placeholder' }, { pointer: '/html', line: 3, col: 4, kind: 'unknown_placeholder' }] } });
    expect(unknown.body.errors).toHaveLength(2);
  });

  it('previews a saved template against sample values, in both portal modes, and says when an email would be withheld', async () => {
    const thankYou = await seeded('a02-thank-you');
    const on = await call('POST', '/api/emails/templates/preview', admin, { templateId: thankYou });
    expect(on).toMatchObject({ status: 200, body: { context: 'ticket', subject: '[Ticket #1042] The label printer in the warehouse prints blank pages', portalLinkRendered: false } });
    expect(on.body.html).toContain(`<a href="${portalUrl}/tickets/`);
    expect(on.body.text).toContain('opened ticket #1042');

    // Email-only mode, by the body's flag or the query's: the seeded template leaves the portal out and would still be sent.
    for (const [path, body] of [
      ['/api/emails/templates/preview', { templateId: thankYou, portalEnabled: false }],
      ['/api/emails/templates/preview?portalEnabled=false', { templateId: thankYou }],
    ] as const) {
      const off = await call('POST', path, admin, body);
      expect(off).toMatchObject({ status: 200, body: { portalLinkRendered: false } });
      expect(JSON.stringify(off.body)).not.toContain(portalUrl);
      expect(off.body.text).toContain('opened ticket #1042');
    }
    // The invitation's link is its point: in email-only mode it would not be sent.
    const invitation = await call('POST', '/api/emails/templates/preview', admin, { templateId: await seeded('system-portal-invitation'), portalEnabled: false });
    expect(invitation).toMatchObject({ status: 200, body: { context: 'contact_invitation', portalLinkRendered: true } });

    expect((await call('POST', '/api/emails/templates/preview', admin, { templateId: randomUUID() })).status).toBe(404);
  });

  it('previews a template being edited, escaping values in its HTML, and refuses one that does not validate', async () => {
    const edited = await call('POST', '/api/emails/templates/preview', admin, {
      context: 'ticket_note',
      subject: 'Re: {{ ticket.subject }}',
      html: '<p>{{ note.body | newline_to_br }}</p>{% if portal.enabled %}<a href="{{ ticket.portal_url }}">open</a>{% endif %}',
      portalEnabled: true,
    });
    expect(edited).toMatchObject({ status: 200, body: { subject: 'Re: The label printer in the warehouse prints blank pages', portalLinkRendered: false } });
    expect(edited.body.html).toMatch(/^<p>Hello Maria,<br \/>\n<br \/>\nwe replaced the print head/);
    expect(edited.body.text).toContain('we replaced the print head');
    const linkShown = await call('POST', '/api/emails/templates/preview?portalEnabled=false', admin, { context: 'ticket', subject: 's', html: 'See {{ ticket.portal_url }}' });
    expect(linkShown).toMatchObject({ status: 200, body: { html: 'See ', portalLinkRendered: true } });

    expect(await call('POST', '/api/emails/templates/preview', admin, { context: 'ticket', subject: 's', html: '{% render "x" %}' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html', kind: 'forbidden_tag', line: 1, col: 1 }] } });
    expect(await call('POST', '/api/emails/templates/preview', admin, { context: 'ticket', subject: 's' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html' }] } });
    expect(await call('POST', '/api/emails/templates/preview', admin, { templateId: randomUUID(), html: 'x' })).toMatchObject({ status: 400, body: { errors: [{ pointer: '/html' }] } });
  });

  it('lists the placeholders of a context with their descriptions', async () => {
    const note = await call('GET', '/api/emails/placeholders?context=ticket_note', admin);
    expect(note.status).toBe(200);
    expect(note.body.context).toBe('ticket_note');
    const paths = note.body.groups.flatMap((group: { placeholders: Array<{ path: string }> }) => group.placeholders.map((placeholder) => placeholder.path));
    expect(paths).toEqual(expect.arrayContaining(['ticket.number', 'note.body', 'portal.url', 'company.name']));
    expect(note.body.groups.find((group: { name: string }) => group.name === 'ticket').placeholders).toContainEqual({ path: 'ticket.portal_url', description: expect.stringContaining('portal'), portalLink: true });
    const invitation = await call('GET', '/api/emails/placeholders?context=contact_invitation', admin);
    expect(invitation.body.groups.map((group: { name: string }) => group.name)).toEqual(['contact', 'portal', 'company', 'invitation']);
    expect(await call('GET', '/api/emails/placeholders?context=invoice', admin)).toMatchObject({ status: 400, body: { errors: [{ pointer: '/context' }] } });
    expect(await call('GET', '/api/emails/placeholders', admin)).toMatchObject({ status: 400, body: { errors: [{ pointer: '/context' }] } });
  });

  it('needs automations.manage and access to all customers: other staff, staff of a narrower team and contacts are refused', async () => {
    const everyone = randomUUID();
    const some = randomUUID();
    for (const [teamId, access] of [[everyone, 'all'], [some, 'selected']] as const) {
      await publisher.publish(teamCreatedV1, { id: teamId, version: 1 }, { teamId, name: `Team ${teamId.slice(0, 8)}`, ticketAccess: access, customerIds: access === 'all' ? [] : [randomUUID()], memberIds: [] });
    }
    await waitFor(async () => (await query('SELECT 1 FROM team_access WHERE team_id = ANY($1::uuid[])', [[everyone, some]])).length === 2, { what: 'the teams' });

    expect((await call('GET', '/api/emails/templates', agent(['automations.manage'], [everyone]))).status).toBe(200);
    const narrow = agent(['automations.manage'], [some]);
    const count = await templateCount();
    for (const [method, path, body] of [
      ['GET', '/api/emails/templates', undefined],
      ['POST', '/api/emails/templates', fresh()],
      ['GET', `/api/emails/templates/${await seeded('a02-thank-you')}`, undefined],
      ['PATCH', `/api/emails/templates/${await seeded('a02-thank-you')}`, { version: 1, name: 'x' }],
      ['DELETE', `/api/emails/templates/${await seeded('a01-new-ticket-owner')}`, undefined],
      ['POST', '/api/emails/templates/validate', { context: 'ticket', subject: 's', html: 'h' }],
      ['POST', '/api/emails/templates/preview', { templateId: await seeded('a02-thank-you') }],
      ['GET', '/api/emails/placeholders?context=ticket', undefined],
    ] as const) {
      expect([method, path, await call(method, path, narrow, body)]).toMatchObject([method, path, { status: 403, body: { detail: expect.stringMatching(/access to all customers/) } }]);
    }
    expect(await call('GET', '/api/emails/templates', agent(['email_accounts.manage'], [everyone]))).toMatchObject({ status: 403, body: { detail: expect.stringMatching(/automations.manage/) } });
    expect((await call('GET', '/api/emails/templates', { kind: 'contact', contactId: randomUUID(), customerId: randomUUID() })).status).toBe(403);
    expect((await call('GET', '/api/emails/templates')).status).toBe(401);
    expect(await templateCount()).toBe(count);
  });
});
