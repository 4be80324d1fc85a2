import type { Pool, Tx } from './client.js';
import type { CustomerApp, Prisma } from './generated/client.js';

export type { CustomerApp };

export function listCustomerApps(tx: Tx): Promise<CustomerApp[]> {
  return tx.customerApp.findMany({ orderBy: [{ kind: 'asc' }, { id: 'asc' }] });
}

/** Locks the app's row for the rest of the transaction; undefined when there is no such app. */
export async function lockCustomerApp(tx: Tx, id: string): Promise<CustomerApp | undefined> {
  await tx.$queryRaw`SELECT 1 FROM customer_apps WHERE id = ${id}::uuid FOR UPDATE`;
  return (await tx.customerApp.findUnique({ where: { id } })) ?? undefined;
}

export interface NewCustomerApp {
  kind: string;
  name: string;
  enabled: boolean;
  /** Plain JSON (parsed from a request body). */
  appearance: Record<string, unknown>;
}

/** Inserts the app unless one of its kind exists (undefined then): of two creations at once, one wins. */
export async function insertCustomerApp(tx: Tx, app: NewCustomerApp): Promise<CustomerApp | undefined> {
  const [created] = await tx.customerApp.createManyAndReturn({ data: [{ ...app, appearance: app.appearance as Prisma.InputJsonObject }], skipDuplicates: true });
  return created;
}

/** Counts the version up in the same statement. */
export function updateCustomerApp(tx: Tx, id: string, changes: { name?: string; enabled?: boolean; appearance?: Record<string, unknown> }): Promise<CustomerApp> {
  const { appearance, ...rest } = changes;
  return tx.customerApp.update({ where: { id }, data: { ...rest, ...(appearance && { appearance: appearance as Prisma.InputJsonObject }), version: { increment: 1 } } });
}

/** Returns the app as it was deleted (its last version). */
export function deleteCustomerApp(tx: Tx, id: string): Promise<CustomerApp> {
  return tx.customerApp.delete({ where: { id } });
}

const portalEnabledSql = "SELECT EXISTS (SELECT 1 FROM customer_apps WHERE kind = 'portal' AND enabled) AS enabled";

/**
 * Whether a portal app is enabled (otherwise the helpdesk runs by email alone), on the pool: asked
 * before every portal sign-in, so one cheap statement past Prisma's query compiler.
 */
export async function portalEnabled(pool: Pool): Promise<boolean> {
  return (await pool.query<{ enabled: boolean }>(portalEnabledSql)).rows[0]!.enabled;
}

/**
 * The same inside a transaction that acts on it (an acceptance, a reset link, an invitation): the portal
 * app's row is share-locked until commit, so a concurrent switch-off waits for it and what was decided
 * stays true until then.
 */
export async function lockPortalEnabled(tx: Tx): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ enabled: boolean }>>`SELECT enabled FROM customer_apps WHERE kind = 'portal' FOR SHARE`;
  return rows.some((row) => row.enabled);
}
