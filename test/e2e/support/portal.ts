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
  async function addContact(customerId: string, email: string, firstName = 'Harry') {
    const added = await system().api('POST', `/api/customers/${customerId}/contacts`, {
      token: adminToken(),
      body: { firstName, lastName: 'Porter', email },
    });
    if (added.status !== 201) throw new Error(`adding ${email}: ${added.status} ${JSON.stringify(added.body)}`);
    return added.body as { id: string; email: string };
  }

  /** Enables login and returns the token of the invitation email that arrives. */
  async function invite(contactId: string, email: string): Promise<string> {
    // Invitations only: the account-created notice of an earlier acceptance may arrive meanwhile.
    const invitationsTo = () => system().smtp.received.filter((m) => m.to.includes(email) && m.parsed.subject === 'Your invitation to the customer portal');
    const before = invitationsTo().length;
    const enabled = await system().api('POST', `/api/contacts/${contactId}/enable-login`, { token: adminToken() });
    if (enabled.status !== 200) throw new Error(`enable-login: ${enabled.status} ${JSON.stringify(enabled.body)}`);
    await waitFor(() => invitationsTo().length > before, { what: `the invitation to ${email}` });
    return tokenFromInvitation(invitationsTo().at(-1)!.parsed.text ?? '');
  }

  const accept = (token: string, password: string) => system().api('POST', '/api/portal/invitations/accept', { body: { token, password } });
  const portalLogin = (email: string, password: string) => system().api('POST', '/api/portal/login', { body: { email, password } });

  /** Invites, accepts and signs in: the contact's portal token. */
  async function portalUser(contact: { id: string; email: string }, password = 'a portal password'): Promise<string> {
    const accepted = await accept(await invite(contact.id, contact.email), password);
    if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return (await portalLogin(contact.email, password)).body.accessToken;
  }

  return { addContact, invite, accept, portalLogin, portalUser };
}
