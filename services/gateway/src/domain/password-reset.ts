import { randomUUID, timingSafeEqual } from 'node:crypto';
import { hashLinkToken, linkToken, passwordResetRequestedV1, type LinkKeys } from '@helpdesk/contracts-schema';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import { findActiveAccountByEmail, lockContactAccount, updateContactAccount } from '../persistence/contact-account.repository.js';
import { countResetsSince, findReset, insertReset, lockReset, markResetUsed, voidOpenResets, type AccountKind } from '../persistence/password-reset.repository.js';
import { findStaffUserByEmail, lockStaffUser, updateStaffUser, type StaffUser } from '../persistence/staff-user.repository.js';
import { lockPortalEnabled, portalEnabled } from '../persistence/customer-app.repository.js';
import { LinkExpiredError, LinkUsedError, LinkVoidError, PortalDisabledError, UnknownLinkError } from './errors.js';
import { verifiedLinkId } from './link-tokens.js';
import { hashPassword } from './passwords.js';
import { assertAcceptablePassword } from './password-policy.js';

export interface ResetSettings {
  linkKeys: LinkKeys;
  ttlMinutes: number;
}

/** More links than this in an hour are not sent: a stranger cannot fill someone's mailbox with them. */
export const RESETS_PER_HOUR = 5;

interface Account {
  id: string;
  email: string;
  name: string;
  tokenVersion: number;
}

function resettableStaff(user: StaffUser | null): Account | undefined {
  return user?.active && user.role !== 'admin' ? { id: user.id, email: user.email, name: user.name, tokenVersion: user.tokenVersion } : undefined;
}

/**
 * Who can reset a password by email, per kind: active agents, and contacts whose portal login is
 * active. Not administrators: the notifier, which mails the link, could otherwise read it and take
 * over an administrator; another administrator sets their password (PATCH /api/staff/{id}).
 */
const accounts: Record<AccountKind, {
  findByEmail(tx: Tx, email: string): Promise<Account | undefined>;
  /** Locks the account; undefined when it can no longer sign in. */
  lock(tx: Tx, id: string): Promise<Account | undefined>;
  /** The new password, and every token issued before ends (as with signing out everywhere). */
  setPassword(tx: Tx, id: string, passwordHash: string): Promise<unknown>;
}> = {
  staff: {
    async findByEmail(tx, email) {
      return resettableStaff(await findStaffUserByEmail(tx, email));
    },
    async lock(tx, id) {
      return resettableStaff(await lockStaffUser(tx, id));
    },
    setPassword: (tx, id, passwordHash) => updateStaffUser(tx, id, { passwordHash, tokenVersion: { increment: 1 } }),
  },
  contact: {
    async findByEmail(tx, email) {
      const account = await findActiveAccountByEmail(tx, email);
      return account ? { id: account.contactId, email: account.email, name: account.firstName, tokenVersion: account.tokenVersion } : undefined;
    },
    async lock(tx, id) {
      const account = await lockContactAccount(tx, id);
      return account.status === 'active' ? { id: account.contactId, email: account.email, name: account.firstName, tokenVersion: account.tokenVersion } : undefined;
    },
    setPassword: (tx, id, passwordHash) => updateContactAccount(tx, id, { passwordHash, tokenVersion: { increment: 1 } }),
  },
};

/**
 * Someone asks for a password reset link for `email`. If an account of that kind can reset with it,
 * a new single-use link is created (earlier ones void) and `password_reset.requested` recorded, on
 * which the notifier sends the email. The caller learns nothing either way: the answer is the same.
 */
export async function requestPasswordReset(db: GatewayDatabase, settings: ResetSettings, kind: AccountKind, email: string): Promise<void> {
  const found = await accounts[kind].findByEmail(db.client, email);
  if (!found) return;
  await db.transaction(async (tx) => {
    // Email-only mode: no link to a portal that is switched off (the answer stays the same).
    if (kind === 'contact' && !(await lockPortalEnabled(tx))) return;
    // Locked, so that of two requests at once the later one's link is the only one left.
    const account = await accounts[kind].lock(tx, found.id);
    if (!account) return;
    if ((await countResetsSince(tx, kind, account.id, new Date(Date.now() - 3600_000))) >= RESETS_PER_HOUR) return;
    await voidOpenResets(tx, kind, account.id);
    const id = randomUUID();
    const expiresAt = new Date(Date.now() + settings.ttlMinutes * 60_000);
    await insertReset(tx, { id, accountKind: kind, accountId: account.id, tokenVersion: account.tokenVersion, tokenHash: hashLinkToken(linkToken(settings.linkKeys, 'password_reset', id)), expiresAt });
    await recordEvent(tx, 'gateway', passwordResetRequestedV1, { id, version: 1 }, {
      resetId: id,
      accountKind: kind,
      email: account.email,
      name: account.name,
      expiresAt: expiresAt.toISOString(),
      keyId: settings.linkKeys.current.id,
    });
  });
}

/**
 * Locks the account a reset token names and then the reset (the order in which a new request locks
 * them), and checks that the link can still be used by an account of `kind`; throws the reason otherwise.
 */
async function usableReset(tx: Tx, kind: AccountKind, resetId: string, token: string): Promise<Account> {
  const named = await findReset(tx, resetId);
  if (!named || named.accountKind !== kind) throw new UnknownLinkError('password_reset');
  const account = await accounts[kind].lock(tx, named.accountId);
  const reset = (await lockReset(tx, resetId))!;
  if (!timingSafeEqual(Buffer.from(hashLinkToken(token)), Buffer.from(reset.tokenHash))) throw new UnknownLinkError('password_reset');
  if (reset.usedAt) throw new LinkUsedError('password_reset');
  if (reset.voidedAt) throw new LinkVoidError('password_reset');
  if (reset.expiresAt.getTime() <= Date.now()) throw new LinkExpiredError('password_reset', reset.expiresAt);
  // Gone, or its tokens ended since the link was sent (deactivated, revoked, re-invited, another reset).
  if (!account || account.tokenVersion !== reset.tokenVersion) throw new LinkVoidError('password_reset');
  return account;
}

/**
 * The link's owner sets a new password: the link is used up, their other reset links void, and
 * every token they held ends. Every refusal changes nothing.
 */
export async function completePasswordReset(db: GatewayDatabase, settings: ResetSettings, kind: AccountKind, token: string, password: string): Promise<{ email: string }> {
  // A contact's link sent before the portal was switched off waits, as an invitation does (403, still usable until it expires).
  if (kind === 'contact' && !(await portalEnabled(db.pool))) throw new PortalDisabledError();
  const resetId = verifiedLinkId(settings.linkKeys, 'password_reset', token);
  const account = await db.transaction((tx) => usableReset(tx, kind, resetId, token));
  assertAcceptablePassword(password, account.email);
  // Hashing takes tens of milliseconds, so not under the locks; the link is checked again below.
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    if (kind === 'contact' && !(await lockPortalEnabled(tx))) throw new PortalDisabledError();
    const current = await usableReset(tx, kind, resetId, token);
    await accounts[kind].setPassword(tx, current.id, passwordHash);
    await markResetUsed(tx, resetId);
    await voidOpenResets(tx, kind, current.id);
    return { email: current.email };
  });
}
