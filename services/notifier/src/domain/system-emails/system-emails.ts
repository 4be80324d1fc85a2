import { systemEmailUpdatedV1 } from '@helpdesk/contracts-schema';
import { ConflictError, NotFoundError } from '@helpdesk/errors';
import { recordEvent } from '@helpdesk/outbox';
import type { NotifierDatabase } from '../../persistence/client.js';
import { bumpSettingsVersion } from '../../persistence/settings.repository.js';
import { findSystemEmail, listSystemEmails, switchSystemEmail, type SystemEmailRow } from '../../persistence/system-email.repository.js';

/** The system emails (seed 000): a fixed set, each with its own switch, both on in a new installation. */
export const systemEmailNames = {
  portal_invitation: 'Invitation to create a portal account',
  portal_account_created: 'Portal account created',
} as const;

export type SystemEmailKey = keyof typeof systemEmailNames;

export interface SystemEmail extends SystemEmailRow {
  name: string;
}

export class SystemEmailNotFoundError extends NotFoundError {
  constructor(key: string) {
    super(`There is no system email "${key}": the system emails are ${Object.keys(systemEmailNames).join(' and ')}.`);
  }
}

export class SystemEmailChangedError extends ConflictError {
  constructor(key: string, sent: number, current: number) {
    super(`The system email "${key}" was changed by someone else: you sent version ${sent}, it is now at version ${current}. Reload it and switch it again.`);
  }
}

const named = (row: SystemEmailRow): SystemEmail => ({ ...row, name: systemEmailNames[row.key] ?? row.key });

export async function listSystemEmailSwitches(db: NotifierDatabase): Promise<SystemEmail[]> {
  return (await listSystemEmails(db.client)).map(named);
}

/**
 * Switches a system email on or off, if nobody changed it since `version`: the new state is announced
 * (system_email.updated, for the customers service) and every instance's copy of what decides on
 * emails goes stale, in the same transaction. Switching to the state it has already changes nothing.
 */
export async function switchSystemEmailOnOff(db: NotifierDatabase, change: { key: string; enabled: boolean; version: number; by: string }): Promise<SystemEmail> {
  return db.transaction(async (tx) => {
    const current = await findSystemEmail(tx, change.key);
    if (!current) throw new SystemEmailNotFoundError(change.key);
    if (current.version !== change.version) throw new SystemEmailChangedError(change.key, change.version, current.version);
    if (current.enabled === change.enabled) return named(current);
    const saved = await switchSystemEmail(tx, change);
    // Changed between the read and the write.
    if (!saved) throw new SystemEmailChangedError(change.key, change.version, (await findSystemEmail(tx, change.key))?.version ?? change.version);
    await recordEvent(tx, 'notifier', systemEmailUpdatedV1, { id: saved.key, version: saved.version }, { key: saved.key, enabled: saved.enabled });
    await bumpSettingsVersion(tx);
    return named(saved);
  });
}
