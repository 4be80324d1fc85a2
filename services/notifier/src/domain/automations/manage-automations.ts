import { ConflictError, NotFoundError } from '@helpdesk/errors';
import type { NotifierDatabase } from '../../persistence/client.js';
import {
  deleteAutomation as deleteRow,
  findAutomation,
  insertAutomation,
  templateContexts,
  updateAutomation as updateRow,
} from '../../persistence/automation.repository.js';
import { bumpSettingsVersion } from '../../persistence/settings.repository.js';
import type { Automation, AutomationDefinition } from './automation.js';
import { reloadCatalogue } from './catalogue-store.js';
import { checkAutomation } from './validate-automation.js';

export class AutomationNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no automation ${id}.`);
  }
}

async function checked(db: NotifierDatabase, definition: AutomationDefinition): Promise<void> {
  checkAutomation(definition, await templateContexts(db.client, definition.actions.map((action) => action.templateId)));
}

/**
 * Every change counts the settings version up in its transaction, so every instance's catalogue is
 * stale from the commit on (its next group reloads); this instance reloads at once.
 */
async function changing<T>(db: NotifierDatabase, change: (tx: NotifierDatabase['client']) => Promise<T>): Promise<T> {
  const result = await db.transaction(async (tx) => {
    const value = await change(tx);
    await bumpSettingsVersion(tx);
    return value;
  });
  void reloadCatalogue(db).catch(() => undefined);
  return result;
}

export async function createAutomation(db: NotifierDatabase, definition: AutomationDefinition, by: string): Promise<Automation> {
  await checked(db, definition);
  return changing(db, (tx) => insertAutomation(tx, definition, by));
}

export type AutomationChange = Partial<AutomationDefinition> & { version: number };

export async function changeAutomation(db: NotifierDatabase, id: string, change: AutomationChange, by: string): Promise<Automation> {
  const current = await findAutomation(db.client, id);
  if (!current) throw new AutomationNotFoundError(id);
  const { version, ...fields } = change;
  if (current.version !== version) throw staleVersion(current);
  const { name, trigger, conditions, actions, enabled } = current;
  const definition: AutomationDefinition = { name, trigger, conditions, actions, enabled, ...fields };
  await checked(db, definition);
  const updated = await changing(db, (tx) => updateRow(tx, id, version, definition, by));
  if (updated) return updated;
  const now = await findAutomation(db.client, id);
  if (!now) throw new AutomationNotFoundError(id);
  throw staleVersion(now);
}

function staleVersion(current: Automation): ConflictError {
  return new ConflictError(`Automation ${current.code} was changed meanwhile (it is at version ${current.version}): reload it and apply your change again.`);
}

export async function removeAutomation(db: NotifierDatabase, id: string): Promise<void> {
  if (!(await changing(db, (tx) => deleteRow(tx, id)))) throw new AutomationNotFoundError(id);
}
