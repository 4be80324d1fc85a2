import { waitFor } from '@helpdesk/testing';
import type { System } from './system';

/** The token in an email's link to `page` (of the portal or the staff application), as the browser would read it. */
export function tokenFromLink(text: string, page: string, site = 'portal'): string {
  const link = new RegExp(`https://${site}\\.helpdesk\\.test/${page}\\?token=(\\S+)`).exec(text);
  if (!link) throw new Error(`no ${page} link in: ${text}`);
  return decodeURIComponent(link[1]!);
}

/** The token in the invitation email's link, as the contact's browser would read it. */
export const tokenFromInvitation = (text: string) => tokenFromLink(text, 'invitation');

/** What an administrator does to give contacts portal access, and what the contacts do with it. */
export function portalActions(system: () => System, adminToken: () => string) {
  // Invitations only: the account-created notice of an earlier acceptance may arrive meanwhile.
  const invitationsTo = (email: string) =>
    system().smtp.received.filter((m) => m.to.includes(email) && m.parsed.subject === 'Your invitation to the customer portal');

  /** The token of the invitation email to `email` that arrives after the first `before` invitations to it. */
  async function invitationAfter(email: string, before: number): Promise<string> {
    await waitFor(() => invitationsTo(email).length > before, { what: `the invitation to ${email}` });
    return tokenFromInvitation(invitationsTo(email).at(-1)!.parsed.text ?? '');
  }

  /**
   * Adds a contact as an administrator does. A contact created so is invited at once (issue 12) unless
   * the portal or the invitation email is off: then this waits for that invitation email, so that a later
   * invite() finds its own, and returns its token as `invitation`.
   */
  async function addContact(customerId: string, email: string, firstName = 'Harry') {
    const before = invitationsTo(email).length;
    const added = await system().api('POST', `/api/customers/${customerId}/contacts`, {
      token: adminToken(),
      body: { firstName, lastName: 'Porter', email },
    });
    if (added.status !== 201) throw new Error(`adding ${email}: ${added.status} ${JSON.stringify(added.body)}`);
    const contact = added.body as { id: string; email: string; invitation: { sent: boolean } };
    const invitation = contact.invitation.sent ? await invitationAfter(contact.email, before) : undefined;
    return { id: contact.id, email: contact.email, invitation };
  }

  /** A contact without a portal login: added, then Disable Login if the creation invited them (the invitation link voids). */
  async function addContactWithoutLogin(customerId: string, email: string, firstName = 'Harry') {
    const contact = await addContact(customerId, email, firstName);
    if (contact.invitation) {
      const disabled = await system().api('POST', `/api/contacts/${contact.id}/disable-login`, { token: adminToken() });
      if (disabled.status !== 200) throw new Error(`disable-login: ${disabled.status} ${JSON.stringify(disabled.body)}`);
    }
    return { id: contact.id, email: contact.email };
  }

  /** Enables login and returns the token of the invitation email that arrives. */
  async function invite(contactId: string, email: string): Promise<string> {
    const before = invitationsTo(email).length;
    const enabled = await system().api('POST', `/api/contacts/${contactId}/enable-login`, { token: adminToken() });
    if (enabled.status !== 200) throw new Error(`enable-login: ${enabled.status} ${JSON.stringify(enabled.body)}`);
    return invitationAfter(email, before);
  }

  const accept = (token: string, password: string) => system().api('POST', '/api/portal/invitations/accept', { body: { token, password } });
  const portalLogin = (email: string, password: string) => system().api('POST', '/api/portal/login', { body: { email, password } });

  /** Invites, accepts and signs in: the contact's portal token. */
  async function portalUser(contact: { id: string; email: string }, password = 'a portal password'): Promise<string> {
    const accepted = await accept(await invite(contact.id, contact.email), password);
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return (await portalLogin(contact.email, password)).body.accessToken;
  }

  return { addContact, addContactWithoutLogin, invite, accept, portalLogin, portalUser };
}
