import {
  contactCustomerChangedV1,
  contactDeactivatedV1,
  contactLoginEnabledV1,
  contactUpdatedV1,
  hashLinkToken,
  keylessInvitationToken,
  linkKeysFrom,
  linkToken,
} from '@helpdesk/contracts-schema';
import { gatewayAssertionHeader, queryDatabase, serviceCallHeader, testSecrets, waitFor, watchEvents } from '@helpdesk/testing';
import { startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const customerB = '22222222-2222-4222-8222-222222222222';
let contactCounter = 0;
function newContact(customerId = customerA) {
  contactCounter += 1;
  const suffix = String(contactCounter).padStart(12, '0');
  return { contactId: `33333333-3333-4333-8333-${suffix}`, customerId, firstName: 'Harry', lastName: 'Porter', email: `harry${contactCounter}@customer.example` };
}
type Contact = ReturnType<typeof newContact>;

const testLinkKeys = linkKeysFrom({ PORTAL_LINK_SECRET: testSecrets.portalLink, PORTAL_LINK_KEY_ID: 'k1' });
const invitationToken = (secret: string, id: string) => linkToken(linkKeysFrom({ PORTAL_LINK_SECRET: secret, PORTAL_LINK_KEY_ID: 'k1' }), 'invitation', id);
/** The signature part of a link token: what must never be stored or sent on the bus. */
const signatureOf = (token: string) => token.split('.').at(-1)!;

/** The customers service's signature on one request to the gateway's internal listener. */
const asCustomersService = (method: string, path: string, body?: string) => serviceCallHeader('customers', { service: 'gateway', method, path, body });

describe('portal access at the gateway', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let events: Awaited<ReturnType<typeof watchEvents>>;

  beforeAll(async () => {
    g = await startGateway();
    events = await watchEvents(g.busPrefix, ['portal_invitation.issued', 'portal_invitation.accepted', 'password_reset.requested']);
  });
  afterAll(async () => {
    await events.close();
    await g.stop();
  });

  const issuedFor = (contact: Contact) => events.received.filter((e) => e.type === 'portal_invitation.issued' && e.data.contactId === contact.contactId);
  const tokenOf = (issued: { data: Record<string, unknown> }) => linkToken(testLinkKeys, 'invitation', String(issued.data.invitationId), String(issued.data.keyId));

  /** Enables login at `version` the way the customers service does, and returns the link token the email would carry. */
  async function invite(contact: Contact, version: number): Promise<string> {
    const before = issuedFor(contact).length;
    await g.publish(contactLoginEnabledV1, { id: contact.contactId, version }, contact);
    await waitFor(() => issuedFor(contact).length > before, { what: 'portal_invitation.issued' });
    return tokenOf(issuedFor(contact).at(-1)!);
  }

  const accept = (token: string, password = 'a long enough password') =>
    g.call('POST', '/api/portal/invitations/accept', { body: { token, password } });

  /** Publishes contact events and waits until the gateway handled all of them, in whatever order it did. */
  async function handled(...published: Array<Promise<{ id: string }>>) {
    const ids = (await Promise.all(published)).map((event) => event.id);
    await waitFor(
      async () => (await queryDatabase(g.databaseUrl, "SELECT 1 FROM processed_events WHERE consumer = 'gateway' AND event_id = ANY($1::uuid[])", [ids])).length === ids.length,
      { what: `${ids.length} events to be handled` },
    );
  }

  const account = async (contact: Contact) =>
    (await queryDatabase(g.databaseUrl, 'SELECT status, customer_id, email, last_name FROM contact_accounts WHERE contact_id = $1', [contact.contactId]))[0];
  const usableLinks = (contact: Contact) =>
    queryDatabase(g.databaseUrl, 'SELECT id FROM portal_invitations WHERE contact_id = $1 AND used_at IS NULL AND voided_at IS NULL', [contact.contactId]);
  const revoke = (contact: Contact, body: unknown) => {
    const path = `/internal/portal-access/${contact.contactId}/revoke`;
    const json = JSON.stringify(body);
    return fetch(`${g.gateway.internalUrl}${path}`, {
      method: 'POST',
      headers: { ...asCustomersService('POST', path, json), 'content-type': 'application/json' },
      body: json,
    });
  };
  const accessState = async (contact: Contact) => {
    const path = `/internal/portal-access/${contact.contactId}`;
    return (await fetch(`${g.gateway.internalUrl}${path}`, { headers: asCustomersService('GET', path) })).json();
  };
  const portalSignIn = (contact: Contact, password = 'a long enough password') => g.signIn('/api/portal/login', contact.email, password);
  const me = async (token: string) => (await g.call('GET', '/api/auth/me', { token })).status;

  it('issues an invitation whose token is kept only as a hash, and lets the contact set a password and sign in', async () => {
    const contact = newContact();
    const token = await invite(contact, 2);
    const stored = await queryDatabase<{ token_hash: string }>(g.databaseUrl, 'SELECT token_hash FROM portal_invitations WHERE contact_id = $1', [contact.contactId]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(signatureOf(token));
    const outbox = await queryDatabase<{ payload: unknown }>(g.databaseUrl, "SELECT payload FROM outbox WHERE event_type = 'portal_invitation.issued'");
    expect(JSON.stringify(outbox)).not.toContain(signatureOf(token));

    expect(await accept(token)).toMatchObject({ status: 200, body: { status: 'active', email: contact.email } });
    const accepted = await waitFor(() => events.received.find((e) => e.type === 'portal_invitation.accepted' && e.data.contactId === contact.contactId), {
      what: 'portal_invitation.accepted',
    });
    // It names the enable-login it answers; both gateway events carry the account's own version.
    expect(accepted.data.contactVersion).toBe(2);
    // With the address the account-created notice goes to.
    expect(accepted.data).toMatchObject({ email: contact.email, firstName: 'Harry', lastName: 'Porter' });
    expect([issuedFor(contact)[0]!.aggregate, accepted.aggregate]).toEqual([
      { type: 'contact_account', id: contact.contactId, version: 2 },
      { type: 'contact_account', id: contact.contactId, version: 3 },
    ]);
    const session = await g.call('POST', '/api/portal/login', { body: { email: contact.email, password: 'a long enough password' } });
    expect(session).toMatchObject({ status: 200, body: { tokenType: 'Bearer', contact: { id: contact.contactId, customerId: customerA } } });
    // The device cookie goes back to the portal's sign-in only, never in the body (docs: Sign-in throttling).
    expect(session.headers.get('set-cookie')).toMatch(/^helpdesk_device=v1\.[^;]+; Path=\/api\/portal\/login; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
    expect(JSON.stringify(session.body)).not.toContain('v1.');
    const whoAmI = await g.call('GET', '/api/auth/me', { token: session.body.accessToken });
    expect(whoAmI.body).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerA });
  });

  it('refuses a used, expired, malformed, foreign or replaced token with a clear error, changing nothing', async () => {
    const used = newContact();
    const usedToken = await invite(used, 2);
    expect((await accept(usedToken)).status).toBe(200);
    const reuse = await accept(usedToken, 'another long password');
    expect(reuse).toMatchObject({ status: 410, body: { detail: expect.stringContaining('already been used') } });
    const hashBefore = await queryDatabase(g.databaseUrl, 'SELECT password_hash, token_version FROM contact_accounts WHERE contact_id = $1', [used.contactId]);

    const expired = newContact();
    const expiredToken = await invite(expired, 2);
    await queryDatabase(g.databaseUrl, "UPDATE portal_invitations SET expires_at = now() - interval '1 minute' WHERE contact_id = $1", [expired.contactId]);
    expect(await accept(expiredToken)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('expired') } });

    expect(await accept('not-a-token')).toMatchObject({ status: 400, body: { detail: expect.stringContaining('incomplete or damaged') } });
    const foreign = invitationToken('a secret that is not the gateway secret!!', '44444444-4444-4444-8444-444444444444');
    expect(await accept(foreign)).toMatchObject({ status: 404, body: { detail: 'This invitation link is not valid.' } });
    const forgedForReal = `${usedToken.split('.')[0]}.k1.${signatureOf(foreign)}`;
    expect((await accept(forgedForReal)).status).toBe(404);

    const resent = newContact();
    const first = await invite(resent, 2);
    const second = await invite(resent, 3);
    expect(await accept(first)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('replaced by a newer invitation') } });
    expect((await accept(second)).status).toBe(200);

    const weak = newContact();
    const weakToken = await invite(weak, 2);
    expect(await accept(weakToken, 'short')).toMatchObject({ status: 400, body: { errors: [{ pointer: '/password' }] } });
    expect((await accept(weakToken)).status).toBe(200);

    const states = await queryDatabase<{ contact_id: string; status: string }>(g.databaseUrl, 'SELECT contact_id, status FROM contact_accounts WHERE contact_id = ANY($1::uuid[])', [
      [expired.contactId],
    ]);
    expect(states).toEqual([{ contact_id: expired.contactId, status: 'invited' }]);
    expect(await queryDatabase(g.databaseUrl, 'SELECT password_hash, token_version FROM contact_accounts WHERE contact_id = $1', [used.contactId])).toEqual(hashBefore);
  });

  it('accepts an invitation sent before links had key ids (its hash stored then), so an upgrade voids no pending invitation', async () => {
    const contact = newContact();
    const current = await invite(contact, 2);
    const keyless = keylessInvitationToken(testSecrets.portalLink, current.split('.')[0]!);
    await queryDatabase(g.databaseUrl, 'UPDATE portal_invitations SET token_hash = $2 WHERE contact_id = $1', [contact.contactId, hashLinkToken(keyless)]);
    expect((await accept(current)).status).toBe(404);
    expect((await accept(keyless)).status).toBe(200);
  });

  it('ends access on the next request when the contact is revoked, and only a new accepted invitation opens it again', async () => {
    const contact = newContact();
    await accept(await invite(contact, 2));
    const token = await portalSignIn(contact);
    expect(await me(token)).toBe(200);
    expect(await accessState(contact)).toEqual({ contactId: contact.contactId, status: 'active', customerId: customerA, portalAppEnabled: true });

    // The customers service revokes as of the version its move will commit.
    expect((await revoke(contact, { contactVersion: 4 })).status).toBe(204);
    expect(await me(token)).toBe(401);
    expect((await g.call('POST', '/api/portal/login', { body: { email: contact.email, password: 'a long enough password' } })).status).toBe(401);
    expect(await accessState(contact)).toEqual({ contactId: contact.contactId, status: 'none', customerId: null, portalAppEnabled: true });

    await g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 4 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB });
    const moved = { ...contact, customerId: customerB };
    await accept(await invite(moved, 5), 'a brand new password');
    const newToken = await portalSignIn(contact, 'a brand new password');
    expect((await g.call('GET', '/api/auth/me', { token: newToken })).body).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerB });
    expect(await me(token)).toBe(401);
  });

  /** Asks for a portal password reset and returns the link the email would carry. */
  async function resetLinkFor(email: string): Promise<string> {
    expect((await g.call('POST', '/api/portal/password-reset', { body: { email } })).status).toBe(202);
    const event = await waitFor(() => events.received.filter((e) => e.type === 'password_reset.requested' && e.data.email === email).at(-1), { what: 'password_reset.requested' });
    return linkToken(testLinkKeys, 'password_reset', String(event.data.resetId), String(event.data.keyId));
  }
  const completeReset = (token: string) => g.call('POST', '/api/portal/password-reset/complete', { body: { token, password: 'a reset password here' } });
  const openResets = (contact: Contact) =>
    queryDatabase(g.databaseUrl, 'SELECT id FROM password_resets WHERE account_id = $1 AND used_at IS NULL AND voided_at IS NULL', [contact.contactId]);

  it('voids open reset links when access ends, and they stay void after the contact is invited and accepts again', async () => {
    const contact = newContact();
    await accept(await invite(contact, 2));
    const link = await resetLinkFor(contact.email);
    expect((await revoke(contact, { contactVersion: 3 })).status).toBe(204);
    expect(await openResets(contact)).toEqual([]);
    // Disable Login, then Enable Login for a new address; its new owner accepts.
    const successor = { ...contact, email: `successor.${contact.email}` };
    await handled(g.publish(contactUpdatedV1, { id: contact.contactId, version: 4 }, successor));
    expect((await accept(await invite(successor, 5), 'the successor password')).status).toBe(200);
    expect(await completeReset(link)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('withdrawn') } });
    expect(await me(await portalSignIn(successor, 'the successor password'))).toBe(200);
  });

  it('voids open reset links when the contact’s email address changes: they went to the old mailbox', async () => {
    const contact = newContact();
    await accept(await invite(contact, 2));
    const link = await resetLinkFor(contact.email);
    const renamed = { ...contact, lastName: 'Potter' };
    await handled(g.publish(contactUpdatedV1, { id: contact.contactId, version: 3 }, renamed));
    expect(await openResets(contact)).toHaveLength(1); // a new name is no new address
    await handled(g.publish(contactUpdatedV1, { id: contact.contactId, version: 4 }, { ...renamed, email: `moved.${contact.email}` }));
    expect(await openResets(contact)).toEqual([]);
    expect(await completeReset(link)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('withdrawn') } });
    // And the login did not follow the email: the new address signs in nowhere until invited.
    expect((await g.call('POST', '/api/portal/login', { body: { email: `moved.${contact.email}`, password: 'a long enough password' } })).status).toBe(401);
  });

  it('voids a reset link sent to an earlier login when the contact accepts a new invitation', async () => {
    const contact = newContact();
    await accept(await invite(contact, 2));
    await resetLinkFor(contact.email);
    // As if the revocation in between had left the link open (links sent before the fix): acceptance voids it.
    await queryDatabase(g.databaseUrl, "UPDATE contact_accounts SET status = 'none', password_hash = NULL WHERE contact_id = $1", [contact.contactId]);
    await accept(await invite(contact, 3));
    expect(await openResets(contact)).toEqual([]);
  });

  it('ignores an enable-login that arrives after the move or deactivation that followed it, in either order of handling', async () => {
    for (const left of ['moved', 'deactivated'] as const) {
      const contact = newContact();
      await handled(
        left === 'moved'
          ? g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 3 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB })
          : g.publish(contactDeactivatedV1, { id: contact.contactId, version: 3 }, { contactId: contact.contactId, customerId: customerA }),
        g.publish(contactLoginEnabledV1, { id: contact.contactId, version: 2 }, contact),
      );
      expect(await usableLinks(contact)).toEqual([]);
      expect(await account(contact)).toMatchObject({ status: 'none' });
    }
    // A newer enable-login (after the move, for the new customer) still works.
    const contact = newContact(customerB);
    await g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 3 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB });
    expect((await accept(await invite(contact, 4))).status).toBe(200);
  });

  it('keeps an active login when an older enable-login arrives after the contact accepted a newer invitation', async () => {
    const contact = newContact();
    // Login enabled twice (versions 2 and 3); the first event is held back, the contact accepts the second.
    expect((await accept(await invite(contact, 3))).status).toBe(200);
    const token = await portalSignIn(contact);
    const issuedBefore = issuedFor(contact).length;

    await handled(g.publish(contactLoginEnabledV1, { id: contact.contactId, version: 2 }, contact));
    expect(await account(contact)).toMatchObject({ status: 'active', customer_id: customerA });
    expect(await me(token)).toBe(200);
    expect(issuedFor(contact)).toHaveLength(issuedBefore);
    expect(await usableLinks(contact)).toEqual([]);
  });

  it('keeps an active login, and sends no invitation, when login is enabled again for the customer it is active for', async () => {
    const contact = newContact();
    expect((await accept(await invite(contact, 2))).status).toBe(200);
    const token = await portalSignIn(contact);
    // The customers service had not yet heard of the acceptance when an administrator enabled login again.
    await handled(g.publish(contactLoginEnabledV1, { id: contact.contactId, version: 3 }, { ...contact, lastName: 'Potter' }));
    expect(await account(contact)).toMatchObject({ status: 'active', last_name: 'Potter' });
    expect(await me(token)).toBe(200);
    expect(issuedFor(contact)).toHaveLength(1);

    // That enable-login counts: a move older than it (late) changes nothing, a newer one ends the access.
    await handled(g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 3 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB }));
    expect(await me(token)).toBe(200);
    await handled(g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 4 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB }));
    expect(await me(token)).toBe(401);
  });

  it('does not let a move that arrives late void the newer invitation that followed it', async () => {
    const contact = newContact(customerB);
    const token = await invite(contact, 4);
    await handled(g.publish(contactCustomerChangedV1, { id: contact.contactId, version: 3 }, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB }));
    expect(await usableLinks(contact)).toHaveLength(1);
    expect((await accept(token)).status).toBe(200);
    expect(await me(await portalSignIn(contact))).toBe(200);
  });

  it('lets the enable-login win over a revocation of the same version: the move that claimed it did not commit', async () => {
    // A move read version 2 and revoked as of 3, then failed to commit; enable-login then committed version 3.
    const contact = newContact();
    expect((await accept(await invite(contact, 2))).status).toBe(200);
    expect((await revoke(contact, { contactVersion: 3 })).status).toBe(204);
    expect((await accept(await invite(contact, 3), 'a password after all that')).status).toBe(200);
    expect(await me(await portalSignIn(contact, 'a password after all that'))).toBe(200);

    // And the other way round: the enable-login of version 5 was applied first; the revocation of 5 ends nothing.
    const other = newContact();
    const token = await invite(other, 5);
    expect((await revoke(other, { contactVersion: 5 })).status).toBe(204);
    expect((await accept(token)).status).toBe(200);
  });

  it('keeps the newest name and email whatever order the changes arrive in, also before the account exists', async () => {
    const contact = newContact();
    const renamed = { ...contact, lastName: 'Potter', email: `renamed.${contact.email}` };
    // The rename (version 3) arrives before the enable-login (version 2) that created the account.
    await handled(g.publish(contactUpdatedV1, { id: contact.contactId, version: 3 }, renamed));
    await invite(contact, 2);
    expect(issuedFor(contact).at(-1)!.data).toMatchObject({ email: renamed.email, lastName: 'Potter' });
    await handled(g.publish(contactUpdatedV1, { id: contact.contactId, version: 1 }, { ...contact, lastName: 'Old' }));
    expect(await account(contact)).toMatchObject({ email: renamed.email, last_name: 'Potter' });
    expect((await accept(tokenOf(issuedFor(contact).at(-1)!))).status).toBe(200);
    expect(await me(await portalSignIn(renamed))).toBe(200);
  });

  it('ends a login whose email changes, even without a revocation first: the login never follows its email to another address', async () => {
    const active = newContact();
    expect((await accept(await invite(active, 2))).status).toBe(200);
    const token = await portalSignIn(active);
    expect(await me(token)).toBe(200);
    const elsewhere = { ...active, email: `someone.else.${active.email}` };
    await handled(g.publish(contactUpdatedV1, { id: active.contactId, version: 3 }, elsewhere));
    expect(await account(active)).toMatchObject({ status: 'none', email: elsewhere.email });
    expect(await me(token)).toBe(401);
    expect((await g.call('POST', '/api/portal/login', { body: { email: elsewhere.email, password: 'a long enough password' } })).status).toBe(401);

    // An invitation to the old address is void.
    const invited = newContact();
    const link = await invite(invited, 2);
    await handled(g.publish(contactUpdatedV1, { id: invited.contactId, version: 3 }, { ...invited, email: `someone.else.${invited.email}` }));
    expect(await usableLinks(invited)).toEqual([]);
    expect((await accept(link)).status).toBe(410);

    // A new name, or the same address in other case, keeps the login.
    const renamed = newContact();
    expect((await accept(await invite(renamed, 2))).status).toBe(200);
    const kept = await portalSignIn(renamed);
    await handled(g.publish(contactUpdatedV1, { id: renamed.contactId, version: 3 }, { ...renamed, lastName: 'Potter', email: renamed.email.toUpperCase() }));
    expect(await me(kept)).toBe(200);
  });

  it('serves the internal endpoints on the internal listener only, to the customers service only, and refuses a revocation without its version', async () => {
    const contact = newContact();
    const adminToken = await g.signIn('/api/auth/login', 'first.admin@helpdesk.test', 'first admin password');
    for (const path of [`/internal/portal-access/${contact.contactId}/revoke`, `/internal/portal-access/${contact.contactId}`]) {
      const method = path.endsWith('/revoke') ? 'POST' : 'GET';
      const body = method === 'POST' ? JSON.stringify({ contactVersion: 9 }) : undefined;
      const json = { 'content-type': 'application/json' };
      // The public port has no such route, whoever signs.
      const onPublicPort = await fetch(`${g.gateway.url}${path}`, { method, body, headers: { ...json, ...asCustomersService(method, path, body) } });
      expect(onPublicPort.status).toBe(404);
      const asUser = await fetch(`${g.gateway.internalUrl}${path}`, { method, body, headers: { ...json, authorization: `Bearer ${adminToken}` } });
      expect(asUser.status).toBe(401);
      const contactPrincipal = { kind: 'contact' as const, contactId: contact.contactId, customerId: customerA };
      const asContact = await fetch(`${g.gateway.internalUrl}${path}`, { method, body, headers: { ...json, ...gatewayAssertionHeader(contactPrincipal, { service: 'gateway', method, path, body }) } });
      expect(asContact.status).toBe(401);
      // Signed, but by a service that has no business with portal access.
      const asTickets = await fetch(`${g.gateway.internalUrl}${path}`, { method, body, headers: { ...json, ...serviceCallHeader('tickets', { service: 'gateway', method, path, body }) } });
      expect(asTickets.status).toBe(403);
      expect((await asTickets.json()).detail).toBe('Only the customers service may ask for this.');
    }
    for (const body of [{}, { contactVersion: 0 }, { contactVersion: 'three' }]) {
      const response = await revoke(contact, body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await accessState(contact)).toEqual({ contactId: contact.contactId, status: 'none', customerId: null, portalAppEnabled: true });
  });
});
