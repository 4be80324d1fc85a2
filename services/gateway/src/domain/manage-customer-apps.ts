import { customerAppCreatedV1, customerAppDeletedV1, customerAppUpdatedV1, type EventData } from '@helpdesk/contracts-schema';
import { ConflictError, ValidationError } from '@helpdesk/errors';
import { permissions } from '@helpdesk/http';
import { recordEvent } from '@helpdesk/outbox';
import type { GatewayDatabase, Tx } from '../persistence/client.js';
import {
  deleteCustomerApp,
  insertCustomerApp,
  listCustomerApps,
  lockCustomerApp,
  portalEnabled,
  updateCustomerApp,
  type CustomerApp,
} from '../persistence/customer-app.repository.js';
import { CustomerAppNotFoundError, portalSwitchedOff } from './errors.js';
import { lockActor, type Actor } from './staff-authority.js';

/**
 * Customer apps (seed 000): today the customer portal alone, one at most. Enabled, the portal works
 * as it always did; disabled or deleted, the helpdesk runs by email alone (email-only mode): the
 * portal refuses sign-ins, invitation acceptances and portal tokens, and no email may carry a portal
 * link. Disabling revokes nothing, so enabling again restores every login; deleting forgets the app's
 * configuration (name, appearance). Every change records customer_app.* with the app's whole state
 * at its new version, in the same transaction.
 */
const manageCustomerApps = permissions.manageCustomerApps.name;

/** How the portal looks (free-form JSON for the portal's front end): the configuration a delete forgets. */
export type Appearance = Record<string, unknown>;

export interface NewApp {
  kind: 'portal';
  name: string;
  enabled?: boolean;
  appearance?: Appearance;
}

export interface AppChanges {
  name?: string;
  enabled?: boolean;
  appearance?: Appearance;
  /** The version the change was made against: a newer one means someone else changed the app meanwhile. */
  version: number;
}

function snapshot(app: CustomerApp): EventData<typeof customerAppUpdatedV1> {
  return { appId: app.id, kind: 'portal', name: app.name, enabled: app.enabled };
}

export function customerApps(db: GatewayDatabase): Promise<CustomerApp[]> {
  return listCustomerApps(db.client);
}

/** A new portal app, enabled unless said otherwise: creating one is how a deleted portal comes back. */
export async function createCustomerApp(db: GatewayDatabase, principal: Actor, input: NewApp): Promise<CustomerApp> {
  return db.transaction(async (tx) => {
    await lockActor(tx, principal.userId, manageCustomerApps);
    const created = await insertCustomerApp(tx, { kind: input.kind, name: input.name, enabled: input.enabled ?? true, appearance: input.appearance ?? {} });
    if (!created) throw new ConflictError('A portal app exists already: there is one at most. Change it (PATCH), or delete it first.');
    await recordEvent(tx, 'gateway', customerAppCreatedV1, { id: created.id, version: created.version }, snapshot(created));
    return created;
  });
}

async function lockedCurrent(tx: Tx, principal: Actor, id: string, version?: number): Promise<CustomerApp> {
  await lockActor(tx, principal.userId, manageCustomerApps);
  const current = await lockCustomerApp(tx, id);
  if (!current) throw new CustomerAppNotFoundError(id);
  if (version !== undefined && version !== current.version) {
    throw new ConflictError(`This customer app was changed meanwhile (it is at version ${current.version}, the change was made against ${version}): reload it and make the change again.`);
  }
  return current;
}

export async function changeCustomerApp(db: GatewayDatabase, principal: Actor, id: string, changes: AppChanges): Promise<CustomerApp> {
  const { version, ...fields } = changes;
  if (fields.name === undefined && fields.enabled === undefined && fields.appearance === undefined) {
    throw new ValidationError('Send at least one of enabled, name and appearance, with the version you read.');
  }
  return db.transaction(async (tx) => {
    await lockedCurrent(tx, principal, id, version);
    const updated = await updateCustomerApp(tx, id, fields);
    await recordEvent(tx, 'gateway', customerAppUpdatedV1, { id, version: updated.version }, snapshot(updated));
    return updated;
  });
}

/** Deletes the app and its configuration; its event carries the version after the last, so it is newer than every other. */
export async function removeCustomerApp(db: GatewayDatabase, principal: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await lockedCurrent(tx, principal, id);
    const deleted = await deleteCustomerApp(tx, id);
    await recordEvent(tx, 'gateway', customerAppDeletedV1, { id, version: deleted.version + 1 }, { appId: id, kind: 'portal' });
  });
}

/** What the portal page shows before anyone signs in (public). */
export async function portalStatus(db: GatewayDatabase): Promise<{ available: boolean; detail: string }> {
  return (await portalEnabled(db.pool))
    ? { available: true, detail: 'The customer portal is open: sign in with your email address and password.' }
    : { available: false, detail: portalSwitchedOff };
}
