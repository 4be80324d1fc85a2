import type { SqlExecutor } from '@helpdesk/db';
import { loadCatalogueRows } from '../../persistence/automation.repository.js';
import { buildCatalogue, type Catalogue } from './catalogue.js';

/** Each running instance's catalogue, by its database handle (a test process may run several instances). */
const catalogues = new WeakMap<object, Promise<Catalogue>>();

/** The instance's catalogue, loaded on first use. */
export function catalogueOf(db: { client: SqlExecutor }): Promise<Catalogue> {
  let current = catalogues.get(db);
  if (!current) {
    current = load(db);
    catalogues.set(db, current);
  }
  return current;
}

/** Loads the catalogue again (one statement): after the group statement found it stale, or after an admin change here. */
export function reloadCatalogue(db: { client: SqlExecutor }): Promise<Catalogue> {
  const next = load(db);
  catalogues.set(db, next);
  return next;
}

function load(db: { client: SqlExecutor }): Promise<Catalogue> {
  const loading = loadCatalogueRows(db.client).then(({ settingsVersion, automations, templates, portalEnabled, customersWithGroups, systemEmails }) =>
    buildCatalogue(settingsVersion, automations, templates, portalEnabled, customersWithGroups, systemEmails),
  );
  // A failed load is not kept: the next group tries again.
  loading.catch(() => {
    if (catalogues.get(db) === loading) catalogues.delete(db);
  });
  return loading;
}
