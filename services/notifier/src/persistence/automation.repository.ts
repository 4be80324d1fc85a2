import type { SqlExecutor } from '@helpdesk/db';
import type { Automation, AutomationDefinition } from '../domain/automations/automation.js';
import type { TicketFacts } from '../domain/automations/ticket-facts.js';
import type { StoredTemplate } from './template.repository.js';
import { portalAvailableSql } from './projections.repository.js';
import { systemEmailColumns, type SystemEmailRow } from './system-email.repository.js';

const columnsOf = (a: string) =>
  `${a}id, ${a}code, ${a}name, ${a}trigger, ${a}conditions, ${a}actions, ${a}enabled, ${a}version, ${a}created_at AS "createdAt", ${a}updated_at AS "updatedAt", ${a}updated_by AS "updatedBy"`;
const automationColumns = columnsOf('');

/**
 * Everything the catalogue holds, read in one statement (one snapshot): the settings version, automations,
 * templates, the system emails' switches, and whether there is a portal (customer_app.* count the settings
 * version up when applied).
 */
export async function loadCatalogueRows(
  sql: SqlExecutor,
): Promise<{
  settingsVersion: number;
  automations: Automation[];
  templates: StoredTemplate[];
  portalEnabled: boolean;
  customersWithGroups: string[];
  systemEmails: SystemEmailRow[];
}> {
  const [row] = await sql.$queryRawUnsafe<
    Array<{
      settingsVersion: number;
      automations: Automation[] | null;
      templates: StoredTemplate[] | null;
      portalEnabled: boolean;
      customersWithGroups: string[];
      systemEmails: SystemEmailRow[] | null;
    }>
  >(
    `SELECT (SELECT version FROM notifier_settings WHERE id = 1)::float8 AS "settingsVersion",
            ${portalAvailableSql} AS "portalEnabled",
            (SELECT COALESCE(array_agg(DISTINCT customer_id::text), '{}') FROM notifier_notification_groups
             WHERE NOT deleted AND cardinality(notify_on) > 0 AND jsonb_array_length(members) > 0) AS "customersWithGroups",
            (SELECT json_agg(a ORDER BY a.code) FROM (SELECT ${automationColumns} FROM automations) a) AS automations,
            (SELECT json_agg(t ORDER BY t.key) FROM (SELECT id, key, name, context, subject, html_body AS html, text_body AS text, system, version FROM email_templates) t) AS templates,
            (SELECT json_agg(s ORDER BY s.key) FROM (SELECT ${systemEmailColumns} FROM system_emails) s) AS "systemEmails"`,
  );
  return {
    settingsVersion: row!.settingsVersion,
    automations: (row!.automations ?? []).map(datesOf),
    templates: row!.templates ?? [],
    portalEnabled: row!.portalEnabled,
    customersWithGroups: row!.customersWithGroups,
    systemEmails: row!.systemEmails ?? [],
  };
}

function datesOf(automation: Automation): Automation {
  return { ...automation, createdAt: new Date(automation.createdAt), updatedAt: new Date(automation.updatedAt) };
}

export interface AutomationListItem extends Automation {
  lastRunAt: Date | null;
}

export async function listAutomations(sql: SqlExecutor): Promise<AutomationListItem[]> {
  return sql.$queryRawUnsafe<AutomationListItem[]>(
    `SELECT ${columnsOf('a.')},
            (SELECT max(r.at) FROM automation_runs r WHERE r.automation_id = a.id) AS "lastRunAt"
     FROM automations a ORDER BY a.code`,
  );
}

export async function findAutomation(sql: SqlExecutor, id: string): Promise<Automation | undefined> {
  const [row] = await sql.$queryRawUnsafe<Automation[]>(`SELECT ${automationColumns} FROM automations WHERE id = $1::uuid`, id);
  return row;
}

/** An automation's columns as statement parameters: name, trigger, conditions, actions, enabled. */
function definitionValues(definition: AutomationDefinition): unknown[] {
  return [definition.name, definition.trigger, JSON.stringify(definition.conditions), JSON.stringify(definition.actions), definition.enabled];
}

/** Inserts with the next free code (A01, A02, ... A99, A100). Serialised on the table so two creations never take the same code. */
export async function insertAutomation(tx: SqlExecutor, definition: AutomationDefinition, by: string): Promise<Automation> {
  await tx.$executeRawUnsafe(`LOCK TABLE automations IN SHARE ROW EXCLUSIVE MODE`);
  const [row] = await tx.$queryRawUnsafe<Automation[]>(
    `INSERT INTO automations (code, name, trigger, conditions, actions, enabled, updated_by)
     SELECT 'A' || lpad((coalesce(max(substring(code FROM 2)::int), 0) + 1)::text, 2, '0'), $1, $2, $3::jsonb, $4::jsonb, $5, $6::uuid
     FROM automations WHERE code ~ '^A[0-9]+$'
     RETURNING ${automationColumns}`,
    ...definitionValues(definition),
    by,
  );
  return row!;
}

/** Writes the whole definition if the stored version is `version`; undefined: no such automation, or another version. */
export async function updateAutomation(tx: SqlExecutor, id: string, version: number, definition: AutomationDefinition, by: string): Promise<Automation | undefined> {
  const [row] = await tx.$queryRawUnsafe<Automation[]>(
    `UPDATE automations SET name = $3, trigger = $4, conditions = $5::jsonb, actions = $6::jsonb, enabled = $7, updated_by = $8::uuid,
            version = version + 1, updated_at = now()
     WHERE id = $1::uuid AND version = $2::int
     RETURNING ${automationColumns}`,
    id,
    version,
    ...definitionValues(definition),
    by,
  );
  return row;
}

export async function deleteAutomation(tx: SqlExecutor, id: string): Promise<boolean> {
  return (await tx.$executeRawUnsafe(`DELETE FROM automations WHERE id = $1::uuid`, id)) > 0;
}

/** Whether a template exists, and its context (save-time check of an action). */
export async function templateContexts(sql: SqlExecutor, ids: string[]): Promise<Map<string, { key: string; context: string }>> {
  const rows = await sql.$queryRawUnsafe<Array<{ id: string; key: string; context: string }>>(
    `SELECT id, key, context FROM email_templates WHERE id = ANY($1::uuid[])`,
    ids,
  );
  return new Map(rows.map((row) => [row.id, { key: row.key, context: row.context }]));
}

export interface RunRecord {
  id: string;
  automationVersion: number;
  eventId: string;
  eventType: string;
  ticketId: string | null;
  at: Date;
  outcome: string;
  detail: unknown;
  emails: Array<{ id: string; to: string; subject: string; notSentReason: string | null; sentAt: string | null }>;
}

/** A page of an automation's runs, newest first, after the cursor (at, id) of the page before. */
export async function listRuns(sql: SqlExecutor, automationId: string, after: { at: Date; id: string } | undefined, limit: number): Promise<RunRecord[]> {
  return sql.$queryRawUnsafe<RunRecord[]>(
    `SELECT r.id, r.automation_version AS "automationVersion", r.event_id AS "eventId", r.event_type AS "eventType", r.ticket_id AS "ticketId",
            r.at, r.outcome, r.detail,
            coalesce((SELECT json_agg(json_build_object('id', o.id, 'to', o.to_address, 'subject', o.subject, 'notSentReason', o.not_sent_reason, 'sentAt', o.sent_at) ORDER BY o.to_address)
                      FROM outgoing_emails o WHERE o.id = ANY(r.email_ids)), '[]') AS emails
     FROM automation_runs r
     WHERE r.automation_id = $1::uuid AND ($2::timestamptz IS NULL OR (r.at, r.id) < ($2::timestamptz, $3::uuid))
     ORDER BY r.at DESC, r.id DESC LIMIT $4::int`,
    automationId,
    after?.at ?? null,
    after?.id ?? null,
    limit,
  );
}

const factColumns = `id AS "ticketId", number, subject, status, priority, channel, requester_email AS "requesterEmail", customer_id AS "customerId",
  customer_name AS "customerName", customer_group_id AS "customerGroupId", contact_id AS "contactId", contact_first_name AS "contactFirstName",
  contact_last_name AS "contactLastName", team_id AS "teamId", assignee_id AS "assigneeId", email_account_id AS "emailAccountId",
  reply_mailbox AS "replyMailbox", to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "createdAt",
  last_public_note AS "lastPublicNote", to_char(last_public_note_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "lastPublicNoteAt",
  last_public_note_author AS "lastPublicNoteAuthor"`;

/** The stored copies of tickets (for events that carry less than the whole ticket). */
export async function loadTicketFacts(sql: SqlExecutor, ids: string[]): Promise<Map<string, TicketFacts>> {
  const rows = await sql.$queryRawUnsafe<TicketFacts[]>(`SELECT ${factColumns} FROM notifier_tickets WHERE id = ANY($1::uuid[])`, ids);
  return new Map(rows.map((row) => [row.ticketId, row]));
}

/** The newest tickets the notifier knows, for the dry run's choice. */
export async function sampleTickets(sql: SqlExecutor, limit: number): Promise<TicketFacts[]> {
  return sql.$queryRawUnsafe<TicketFacts[]>(`SELECT ${factColumns} FROM notifier_tickets ORDER BY number DESC LIMIT $1::int`, limit);
}

/** Deletes up to `batchSize` runs older than `days` (retention job). */
export async function purgeOldRuns(sql: SqlExecutor, days: number, batchSize: number): Promise<number> {
  return sql.$executeRawUnsafe(
    `DELETE FROM automation_runs WHERE id IN (SELECT id FROM automation_runs WHERE at < now() - $1::int * interval '1 day' LIMIT $2::int)`,
    days,
    batchSize,
  );
}

/** Deletes up to `batchSize` throttle rows past their hour: they limit nothing any more (retention job). */
export async function purgeExpiredThrottles(sql: SqlExecutor, batchSize: number): Promise<number> {
  return sql.$executeRawUnsafe(
    `DELETE FROM auto_reply_throttle WHERE (to_address, ticket_id) IN (
       SELECT to_address, ticket_id FROM auto_reply_throttle WHERE last_at <= now() - interval '1 hour' LIMIT $1::int)`,
    batchSize,
  );
}

/** A contract event as kept for the dry run: the newest of each type per contract (migration 0010). */
export interface ContractEventSample {
  id: string;
  type: string;
  contractId: string;
  version: number;
  occurredAt: string;
  data: unknown;
}

/** Keeps each contract's newest event of each type (an older one delivered late changes nothing). One statement. */
export async function saveContractEventSamples(sql: SqlExecutor, samples: ContractEventSample[]): Promise<void> {
  const newest = new Map<string, ContractEventSample>();
  for (const sample of samples) {
    const key = `${sample.contractId}|${sample.type}`;
    const kept = newest.get(key);
    if (!kept || sample.version >= kept.version) newest.set(key, sample);
  }
  await sql.$executeRawUnsafe(
    `INSERT INTO notifier_contract_events AS s (contract_id, event_type, event_id, version, occurred_at, data)
     SELECT x.contract_id, x.event_type, x.event_id, x.version, x.occurred_at, x.data
     FROM jsonb_to_recordset($1::jsonb) AS x(contract_id uuid, event_type text, event_id uuid, version int, occurred_at timestamptz, data jsonb)
     ON CONFLICT (contract_id, event_type) DO UPDATE SET event_id = excluded.event_id, version = excluded.version, occurred_at = excluded.occurred_at, data = excluded.data
     WHERE excluded.version >= s.version`,
    JSON.stringify(
      [...newest.values()].map((sample) => ({
        contract_id: sample.contractId,
        event_type: sample.type,
        event_id: sample.id,
        version: sample.version,
        occurred_at: sample.occurredAt,
        data: sample.data,
      })),
    ),
  );
}

/** The newest kept contract events, of `type` and of `contractId` when given: what a contract trigger's dry run is tried on. */
export async function recentContractEvents(sql: SqlExecutor, filter: { type?: string; contractId?: string }, limit: number): Promise<ContractEventSample[]> {
  return sql.$queryRawUnsafe<ContractEventSample[]>(
    `SELECT event_id AS id, event_type AS type, contract_id AS "contractId", version, occurred_at AS "occurredAt", data
     FROM notifier_contract_events WHERE ($1::text IS NULL OR event_type = $1) AND ($2::uuid IS NULL OR contract_id = $2::uuid)
     ORDER BY occurred_at DESC, event_id LIMIT $3::int`,
    filter.type ?? null,
    filter.contractId ?? null,
    limit,
  );
}
