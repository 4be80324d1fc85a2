import type { Tx } from './client.js';

/** A customer app as customer_app.* announce it; `deleted` for customer_app.deleted. */
export interface CustomerAppRow {
  id: string;
  kind: string;
  enabled: boolean;
  deleted: boolean;
  version: number;
}

/**
 * Keeps the app as of `version` unless a version at least as new was applied already (events may
 * arrive in any order, several instances apply them). A deleted app stays a marker: nothing older brings it back.
 */
export async function applyCustomerApp(tx: Tx, app: CustomerAppRow): Promise<void> {
  await tx.$executeRaw`INSERT INTO projected_customer_apps (id, kind, enabled, deleted, version)
    VALUES (${app.id}::uuid, ${app.kind}, ${app.enabled}, ${app.deleted}, ${app.version})
    ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, enabled = EXCLUDED.enabled, deleted = EXCLUDED.deleted, version = EXCLUDED.version
    WHERE projected_customer_apps.version < EXCLUDED.version`;
}

/** The switch as of `version`, unless a version at least as new was applied already. */
export async function applySystemEmail(tx: Tx, key: string, enabled: boolean, version: number): Promise<void> {
  await tx.$executeRaw`INSERT INTO projected_system_emails (key, enabled, version) VALUES (${key}, ${enabled}, ${version})
    ON CONFLICT (key) DO UPDATE SET enabled = EXCLUDED.enabled, version = EXCLUDED.version
    WHERE projected_system_emails.version < EXCLUDED.version`;
}

export interface PortalSettings {
  /** Whether the gateway announced any portal app at all (deleted ones included). */
  portalAppsKnown: boolean;
  /** Whether some announced portal app is enabled and not deleted. */
  portalAppEnabled: boolean;
  /** The portal_invitation switch, null before the notifier announced it. */
  invitationEmailEnabled: boolean | null;
}

/** Both projections in one statement. */
export async function readPortalSettings(tx: Tx): Promise<PortalSettings> {
  const [row] = await tx.$queryRaw<PortalSettings[]>`SELECT
      EXISTS (SELECT 1 FROM projected_customer_apps WHERE kind = 'portal') AS "portalAppsKnown",
      EXISTS (SELECT 1 FROM projected_customer_apps WHERE kind = 'portal' AND enabled AND NOT deleted) AS "portalAppEnabled",
      (SELECT enabled FROM projected_system_emails WHERE key = 'portal_invitation') AS "invitationEmailEnabled"`;
  return row!;
}
