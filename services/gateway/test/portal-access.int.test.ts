import { contactCustomerChangedV1, contactDeactivatedV1, contactLoginEnabledV1, invitationToken } from '@helpdesk/contracts-schema';
import { signGatewayAssertion } from '@helpdesk/http';
import { queryDatabase, testSecrets, waitFor, watchEvents } from '@helpdesk/testing';
import { startGateway } from './support';

const customerA = '11111111-1111-4111-8111-111111111111';
const customerB = '22222222-2222-4222-8222-222222222222';
let contactCounter = 0;
function newContact(customerId = customerA) {
  contactCounter += 1;
  const suffix = String(contactCounter).padStart(12, '0');
  return { contactId: `33333333-3333-4333-8333-${suffix}`, customerId, firstName: 'Harry', lastName: 'Porter', email: `harry${contactCounter}@customer.example` };
}

describe('portal access at the gateway', () => {
  let g: Awaited<ReturnType<typeof startGateway>>;
  let events: Awaited<ReturnType<typeof watchEvents>>;

  beforeAll(async () => {
    g = await startGateway();
    events = await watchEvents(g.busPrefix, ['portal_invitation.issued', 'portal_invitation.accepted']);
  });
  afterAll(async () => {
    await events.close();
    await g.stop();
  });

  /** Enables login the way the customers service does, and returns the link token the email would carry. */
  async function invite(contact: ReturnType<typeof newContact>): Promise<string> {
    const issuedFor = () => events.received.filter((e) => e.type === 'portal_invitation.issued' && e.data.contactId === contact.contactId);
    const before = issuedFor().length;
    await g.publish(contactLoginEnabledV1, contact);
    await waitFor(() => issuedFor().length > before, { what: 'portal_invitation.issued' });
    return invitationToken(testSecrets.portalLink, String(issuedFor().at(-1)!.data.invitationId));
  }

  const accept = (token: string, password = 'a long enough password') =>
    g.call('POST', '/api/portal/invitations/accept', { body: { token, password } });

  it('issues an invitation whose token is kept only as a hash, and lets the contact set a password and sign in', async () => {
    const contact = newContact();
    const token = await invite(contact);
    const stored = await queryDatabase<{ token_hash: string }>(g.databaseUrl, 'SELECT token_hash FROM portal_invitations WHERE contact_id = $1', [contact.contactId]);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(token.split('.')[1]);
    const outbox = await queryDatabase<{ payload: unknown }>(g.databaseUrl, "SELECT payload FROM outbox WHERE event_type = 'portal_invitation.issued'");
    expect(JSON.stringify(outbox)).not.toContain(token.split('.')[1]);

    expect(await accept(token)).toMatchObject({ status: 200, body: { status: 'active', email: contact.email } });
    await waitFor(() => events.received.find((e) => e.type === 'portal_invitation.accepted' && e.data.contactId === contact.contactId), {
      what: 'portal_invitation.accepted',
    });
    const session = await g.call('POST', '/api/portal/login', { body: { email: contact.email, password: 'a long enough password' } });
    expect(session).toMatchObject({ status: 200, body: { tokenType: 'Bearer', contact: { id: contact.contactId, customerId: customerA } } });
    const me = await g.call('GET', '/api/auth/me', { token: session.body.accessToken });
    expect(me.body).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerA });
  });

  it('refuses a used, expired, malformed, foreign or replaced token with a clear error, changing nothing', async () => {
    const used = newContact();
    const usedToken = await invite(used);
    expect((await accept(usedToken)).status).toBe(200);
    const reuse = await accept(usedToken, 'another long password');
    expect(reuse).toMatchObject({ status: 410, body: { detail: expect.stringContaining('already been used') } });
    const hashBefore = await queryDatabase(g.databaseUrl, 'SELECT password_hash, token_version FROM contact_accounts WHERE contact_id = $1', [used.contactId]);

    const expired = newContact();
    const expiredToken = await invite(expired);
    await queryDatabase(g.databaseUrl, "UPDATE portal_invitations SET expires_at = now() - interval '1 minute' WHERE contact_id = $1", [expired.contactId]);
    expect(await accept(expiredToken)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('expired') } });

    expect(await accept('not-a-token')).toMatchObject({ status: 400, body: { detail: expect.stringContaining('incomplete or damaged') } });
    const foreign = invitationToken('a secret that is not the gateway secret!!', '44444444-4444-4444-8444-444444444444');
    expect(await accept(foreign)).toMatchObject({ status: 404, body: { detail: 'This invitation link is not valid.' } });
    const forgedForReal = `${usedToken.split('.')[0]}.${foreign.split('.')[1]}`;
    expect((await accept(forgedForReal)).status).toBe(404);

    const resent = newContact();
    const first = await invite(resent);
    const second = await invite(resent);
    expect(await accept(first)).toMatchObject({ status: 410, body: { detail: expect.stringContaining('replaced by a newer invitation') } });
    expect((await accept(second)).status).toBe(200);

    const weak = newContact();
    const weakToken = await invite(weak);
    expect(await accept(weakToken, 'short')).toMatchObject({ status: 400, body: { errors: [{ pointer: '/password' }] } });
    expect((await accept(weakToken)).status).toBe(200);

    const states = await queryDatabase<{ contact_id: string; status: string }>(g.databaseUrl, 'SELECT contact_id, status FROM contact_accounts WHERE contact_id = ANY($1::uuid[])', [
      [expired.contactId],
    ]);
    expect(states).toEqual([{ contact_id: expired.contactId, status: 'invited' }]);
    expect(await queryDatabase(g.databaseUrl, 'SELECT password_hash, token_version FROM contact_accounts WHERE contact_id = $1', [used.contactId])).toEqual(hashBefore);
  });

  it('ends access on the next request when the contact is revoked, and only a new accepted invitation opens it again', async () => {
    const contact = newContact();
    await accept(await invite(contact));
    const token = await g.signIn('/api/portal/login', contact.email, 'a long enough password');
    expect((await g.call('GET', '/api/auth/me', { token })).status).toBe(200);

    const revoke = await fetch(`${g.gateway.url}/internal/portal-access/${contact.contactId}/revoke`, {
      method: 'POST',
      headers: { 'x-gateway-assertion': signGatewayAssertion(testSecrets.internalToken, { kind: 'service', service: 'customers' }) },
    });
    expect(revoke.status).toBe(204);
    expect((await g.call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await g.call('POST', '/api/portal/login', { body: { email: contact.email, password: 'a long enough password' } })).status).toBe(401);

    await g.publish(contactCustomerChangedV1, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB });
    const moved = { ...contact, customerId: customerB };
    await accept(await invite(moved), 'a brand new password');
    const newToken = await g.signIn('/api/portal/login', contact.email, 'a brand new password');
    expect((await g.call('GET', '/api/auth/me', { token: newToken })).body).toEqual({ kind: 'contact', contactId: contact.contactId, customerId: customerB });
    expect((await g.call('GET', '/api/auth/me', { token })).status).toBe(401);
  });

  it('ignores an enable-login that arrives after the move or deactivation that followed it', async () => {
    for (const left of ['moved', 'deactivated'] as const) {
      const contact = newContact();
      const enabledAt = new Date(Date.now() - 60_000);
      const leaving =
        left === 'moved'
          ? await g.publish(contactCustomerChangedV1, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB })
          : await g.publish(contactDeactivatedV1, { contactId: contact.contactId, customerId: customerA });
      const late = await g.publish(contactLoginEnabledV1, contact, enabledAt);
      // The two may be handled in either order; once both are, no usable link may exist.
      await waitFor(
        async () =>
          (await queryDatabase(g.databaseUrl, "SELECT 1 FROM processed_events WHERE consumer = 'gateway' AND event_id = ANY($1::uuid[])", [[leaving.id, late.id]])).length === 2,
        { what: 'both events to be handled' },
      );
      const usable = await queryDatabase(g.databaseUrl, 'SELECT id FROM portal_invitations WHERE contact_id = $1 AND used_at IS NULL AND voided_at IS NULL', [
        contact.contactId,
      ]);
      expect(usable).toEqual([]);
      expect(await queryDatabase(g.databaseUrl, 'SELECT status FROM contact_accounts WHERE contact_id = $1', [contact.contactId])).toEqual([{ status: 'none' }]);
    }
    // A newer enable-login (after the move, for the new customer) still works.
    const contact = newContact(customerB);
    await g.publish(contactCustomerChangedV1, { contactId: contact.contactId, fromCustomerId: customerA, toCustomerId: customerB });
    await new Promise((resolve) => setTimeout(resolve, 5)); // events of one millisecond cannot be ordered
    expect((await accept(await invite(contact))).status).toBe(200);
  });

  it('refuses the internal endpoint to users and to requests without the internal assertion', async () => {
    const contact = newContact();
    const adminToken = await g.signIn('/api/auth/login', 'first.admin@helpdesk.test', 'first admin password');
    const asUser = await fetch(`${g.gateway.url}/internal/portal-access/${contact.contactId}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(asUser.status).toBe(401);
    const asStaff = await fetch(`${g.gateway.url}/internal/portal-access/${contact.contactId}/revoke`, {
      method: 'POST',
      headers: { 'x-gateway-assertion': signGatewayAssertion(testSecrets.internalToken, { kind: 'contact', contactId: contact.contactId, customerId: customerA }) },
    });
    expect(asStaff.status).toBe(403);
  });
});
