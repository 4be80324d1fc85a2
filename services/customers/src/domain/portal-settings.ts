import type { Tx } from '../persistence/client.js';
import { readPortalSettings } from '../persistence/portal-settings.repository.js';

/** What an answer that may invite says about the invitation: whether an email goes out, and why not. */
export interface Invitation {
  sent: boolean;
  detail: string;
}

export interface PortalSwitches {
  /** Some portal app is enabled (Administration > Customer Apps): contacts can sign in. */
  available: boolean;
  /** The system email "invitation to create a portal account" is on (Administration > Emails > System emails). */
  invitationEmail: boolean;
}

/**
 * The portal as this service's projections see it (customer_app.* from the gateway, system_email.updated
 * from the notifier). Before any event, as in a new installation: the portal app enabled, the email on.
 */
export async function portalSwitches(tx: Tx): Promise<PortalSwitches> {
  const settings = await readPortalSettings(tx);
  return { available: !settings.portalAppsKnown || settings.portalAppEnabled, invitationEmail: settings.invitationEmailEnabled ?? true };
}

export const portalOff = 'The customer portal is switched off (Administration > Customer Apps)';
const emailOff = 'The invitation email is switched off (Administration > Emails > System emails)';

/** Enable Login (the portal is available): whether the invitation goes out to `email`. */
export function invitationOnEnable(switches: PortalSwitches, email: string): Invitation {
  if (!switches.invitationEmail) {
    return { sent: false, detail: `${emailOff}: no invitation went out. Switch it on and enable login again to send one.` };
  }
  return { sent: true, detail: `An invitation to create a portal account goes out to ${email}; any earlier invitation link stops working.` };
}

/** Whether a contact created by a person gets a portal login and the invitation at once (plan §4, decision 4). */
export function invitesOnCreation(switches: PortalSwitches): boolean {
  return switches.available && switches.invitationEmail;
}

/** What the answer to a contact's creation says about the invitation. */
export function invitationOnCreation(switches: PortalSwitches, email: string): Invitation {
  if (!switches.available) return { sent: false, detail: `${portalOff}: the contact has no portal login and no invitation went out.` };
  if (!switches.invitationEmail) return { sent: false, detail: `${emailOff}: the contact has no portal login and no invitation went out.` };
  return { sent: true, detail: `An invitation to create a portal account goes out to ${email}.` };
}
