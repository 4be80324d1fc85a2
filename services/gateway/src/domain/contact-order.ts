import type { AccountChanges, ContactAccount, ContactDetails } from '../persistence/contact-account.repository.js';

/**
 * How events about a contact apply to their account, by the contact's version (the customers
 * service counts it up with every change and commits each version once), never by time. The
 * account keeps the versions it applied: `detailsVersion`, `invitedVersion`, `revokedVersion`.
 */
type AccountVersions = Pick<ContactAccount, 'status' | 'customerId' | 'detailsVersion' | 'invitedVersion' | 'revokedVersion'>;

/** The contact's name and email as of `contactVersion` when they are newer than the account's; no change otherwise. */
export function newerDetails(account: AccountVersions, contact: ContactDetails, contactVersion: number): AccountChanges {
  if (contactVersion <= account.detailsVersion) return {};
  return { email: contact.email.toLowerCase(), firstName: contact.firstName, lastName: contact.lastName, detailsVersion: contactVersion };
}

/**
 * What a contact.login_enabled of `contactVersion` for `customerId` does:
 * - `stale`: an enable-login at least as new was applied already, or access ended at a newer version
 *   (the move or deactivation that followed it). A revocation of the same version is one whose
 *   change did not commit (the customers service committed this enable-login at that version
 *   instead), so the enable-login wins it.
 * - `keep`: the contact can sign in for this customer already (they accepted an invitation before this
 *   enable-login reached us): their login stays, no new invitation; the customers service, which
 *   enabled login again, sees them active when that acceptance reaches it.
 * - `invite`: a new invitation; earlier links void.
 */
export function loginEnabledOutcome(account: AccountVersions, customerId: string, contactVersion: number): 'stale' | 'keep' | 'invite' {
  if (contactVersion <= account.invitedVersion || contactVersion < account.revokedVersion) return 'stale';
  if (account.status === 'active' && account.customerId === customerId) return 'keep';
  return 'invite';
}

/**
 * Whether ending access as of `contactVersion` (a move or deactivation, announced or about to
 * commit) ends anything: not when an enable-login of that version or newer was applied already.
 */
export function revocationApplies(account: AccountVersions, contactVersion: number): boolean {
  return contactVersion > account.invitedVersion;
}
