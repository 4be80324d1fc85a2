import { createHash, randomUUID } from 'node:crypto';
import type { Envelope } from '@helpdesk/contracts-schema';
import type { SqlExecutor } from '@helpdesk/db';
import { newlyProcessed } from '@helpdesk/idempotent-consumer';
import { outboxInsertMany } from '@helpdesk/outbox';

/**
 * The processing records of inbound email (issue 11 §3, §4), through `pg`: every email passes here.
 * States: received (stored, waiting for the processor) → announced (parsed, sent to tickets) → filed
 * (tickets answered); or a final state straight away: bounce, own-mail, quarantined (and duplicate,
 * which the fetcher writes).
 */

/** An email the processor claimed, with what its event needs of its account. */
export interface ClaimedEmail {
  id: string;
  emailAccountId: string;
  /** Null when the account was deleted after the email was fetched (its mail stays; review i11, item 2). */
  mailbox: string | null;
  defaultTeamId: string | null;
  defaultPriority: string;
  /** Null when the email is larger than the cap (it is not read at all) or its source is gone. */
  raw: Buffer | null;
  size: number;
  /** This claim's number: only it may record the result. It increases with every claim, retries included; a stopping processor hands back a claim it never started, and that number only. */
  attempts: number;
  /** The claims since an admin last retried the email (all of them when never retried): what PROCESSOR_MAX_ATTEMPTS limits. */
  attemptsSinceRequeue: number;
  receivedAt: Date;
}

/** The raw sources one claim brings into memory at most (always at least one email, however large). */
export const claimBytes = 32 * 1024 * 1024;

/**
 * Claims up to `limit` stored emails, oldest first, whose sources add up to `maxClaimBytes` at most
 * (the first one whatever its size), for `leaseMs`: rows another instance is claiming at this moment
 * are skipped (SKIP LOCKED), rows whose claim lapsed are taken again. The raw source of an email over
 * `maxBytes` is not even read.
 */
export async function claimReceived(sql: SqlExecutor, options: { limit: number; leaseMs: number; maxBytes: number; maxClaimBytes?: number }): Promise<ClaimedEmail[]> {
  return sql.$queryRawUnsafe<ClaimedEmail[]>(
    `WITH candidates AS (
       SELECT id, size, received_at FROM inbound_emails
       WHERE state = 'received' AND (claimed_until IS NULL OR claimed_until <= now())
       ORDER BY received_at, id LIMIT $1::int FOR UPDATE SKIP LOCKED
     ), within AS (
       SELECT id FROM (
         SELECT id, sum(CASE WHEN size <= $3::int THEN size ELSE 0 END) OVER w AS running, row_number() OVER w AS n
         FROM candidates WINDOW w AS (ORDER BY received_at, id)) c
       WHERE n = 1 OR running <= $4::bigint
     ), claimed AS (
       UPDATE inbound_emails SET claimed_until = now() + $2::int * interval '1 millisecond', attempts = attempts + 1, updated_at = now()
       WHERE id IN (SELECT id FROM within)
       RETURNING id, email_account_id, CASE WHEN size <= $3::int THEN raw END AS raw, size, attempts, attempts - attempts_at_requeue AS since_requeue, received_at)
     SELECT c.id, c.email_account_id AS "emailAccountId", a.address AS mailbox, a.default_team_id AS "defaultTeamId",
            COALESCE(a.default_priority, 'normal') AS "defaultPriority", c.raw, c.size, c.attempts,
            c.since_requeue AS "attemptsSinceRequeue", c.received_at AS "receivedAt"
     FROM claimed c LEFT JOIN email_accounts a ON a.id = c.email_account_id
     ORDER BY c.received_at, c.id`,
    options.limit,
    options.leaseMs,
    options.maxBytes,
    options.maxClaimBytes ?? claimBytes,
  );
}

/** What the processor found, written over the record in one go. */
export interface ProcessingResult {
  state: 'announced' | 'bounce' | 'own-mail' | 'quarantined';
  outcome: 'bounce' | 'own-mail' | 'quarantined' | null;
  detail: string | null;
  quarantineReason: string | null;
  parsed: {
    /** The Message-ID as parsed: kept when the fetcher found none (its header past the first 1 MiB), so that an announcement again carries it. */
    messageId: string | null;
    from: { address: string; name: string | null } | null;
    to: unknown[];
    cc: unknown[];
    subject: string;
    date: string | null;
    inReplyTo: string | null;
    references: string[];
    text: string;
    html: string | null;
    automatic: { header: string; value: string } | null;
  } | null;
  bounce: { againstMessageId: string | null; recipient: string | null; action: string | null; status: string | null; diagnostic: string | null } | null;
  attachments: Array<{ id: string; position: number; filename: string; contentType: string; size: number; inline: boolean; contentId: string | null; sha256: Buffer; content: Buffer }>;
}

/** PostgreSQL text cannot hold NUL characters, which damaged mail may decode to. */
function pgText<T extends string | null>(value: T): T {
  return (typeof value === 'string' ? value.replace(/\u0000/g, '') : value) as T;
}

/** JSON for PostgreSQL (jsonb refuses NUL characters too): every string in it without them. */
function pgJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => (typeof item === 'string' ? pgText(item) : item));
}

/** The result of one claim to record, with the events (inbound_email.received or .bounced) it publishes. */
export interface ProcessedEmail {
  email: { id: string; attempts: number };
  result: ProcessingResult;
  events: Envelope<unknown>[];
}

/**
 * Records the results of a group of claims in one statement: each record (fenced by its claim), its
 * attachments and its events (outbox). A claim that is no longer this processor's (it lapsed and
 * another took the email, or the email was processed) records nothing, neither attachments nor
 * events, and the others are recorded all the same. Resolves to the ids of the emails recorded.
 */
export async function recordProcessed(sql: SqlExecutor, group: ProcessedEmail[]): Promise<string[]> {
  const records = group.map(({ email, result }) => {
    const p = result.parsed;
    const b = result.bounce;
    return {
      id: email.id, attempts: email.attempts, state: result.state, outcome: result.outcome, outcome_detail: result.detail, message_id: p?.messageId ?? null,
      quarantine_reason: result.quarantineReason, from_address: p?.from?.address ?? null, from_name: p?.from?.name ?? null,
      to_addresses: p?.to ?? null, cc_addresses: p?.cc ?? null, subject: p?.subject ?? null, sent_at: p?.date ?? null,
      in_reply_to: p?.inReplyTo ?? null, references: p?.references ?? [], text_body: p?.text ?? null, html_body: p?.html ?? null,
      automatic_header: p?.automatic?.header ?? null, automatic_value: p?.automatic?.value ?? null,
      bounce_against: b?.againstMessageId ?? null, bounce_recipient: b?.recipient ?? null, bounce_action: b?.action ?? null,
      bounce_status: b?.status ?? null, bounce_diagnostic: b?.diagnostic ?? null,
    };
  });
  const attachments = group.flatMap(({ email, result }) => result.attachments.map((a) => ({ ...a, emailId: email.id })));
  const events = outboxInsertMany(
    group.flatMap((processed) => processed.events),
    12,
    `(o.payload #>> '{aggregate,id}')::uuid IN (SELECT id FROM recorded)`,
  );
  const rows = await sql.$queryRawUnsafe<Array<{ id: string }>>(
    `WITH recorded AS (
       UPDATE inbound_emails e SET
         state = r.state, outcome = r.outcome, outcome_detail = r.outcome_detail, quarantine_reason = r.quarantine_reason,
         processed_at = now(), claimed_until = NULL, updated_at = now(), message_id = COALESCE(e.message_id, r.message_id),
         announcements = (r.state = 'announced')::int, last_announced_at = CASE WHEN r.state = 'announced' THEN now() END,
         announced_since = CASE WHEN r.state = 'announced' THEN now() END,
         from_address = r.from_address, from_name = r.from_name, to_addresses = r.to_addresses, cc_addresses = r.cc_addresses,
         subject = r.subject, sent_at = r.sent_at, in_reply_to = r.in_reply_to, "references" = r."references", text_body = r.text_body,
         html_body = r.html_body, automatic_header = r.automatic_header, automatic_value = r.automatic_value, bounce_against = r.bounce_against,
         bounce_recipient = r.bounce_recipient, bounce_action = r.bounce_action, bounce_status = r.bounce_status, bounce_diagnostic = r.bounce_diagnostic
       FROM jsonb_to_recordset($1::jsonb) AS r(
         id uuid, attempts int, state text, outcome text, outcome_detail text, message_id text, quarantine_reason text, from_address text, from_name text,
         to_addresses jsonb, cc_addresses jsonb, subject text, sent_at timestamptz, in_reply_to text, "references" text[], text_body text,
         html_body text, automatic_header text, automatic_value text, bounce_against text, bounce_recipient text, bounce_action text,
         bounce_status text, bounce_diagnostic text)
       WHERE e.id = r.id AND e.state = 'received' AND e.attempts = r.attempts
       RETURNING e.id
     ), attached AS (
       INSERT INTO inbound_attachments (id, email_id, position, filename, content_type, size, inline, content_id, sha256, content)
       SELECT a.* FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::int[], $8::boolean[], $9::text[], $10::bytea[], $11::bytea[])
         AS a(id, email_id, position, filename, content_type, size, inline, content_id, sha256, content)
       WHERE a.email_id IN (SELECT id FROM recorded)
     ), announced AS (${events.sql})
     SELECT id FROM recorded`,
    pgJson(records),
    attachments.map((a) => a.id),
    attachments.map((a) => a.emailId),
    attachments.map((a) => a.position),
    attachments.map((a) => pgText(a.filename)),
    attachments.map((a) => pgText(a.contentType)),
    attachments.map((a) => a.size),
    attachments.map((a) => a.inline),
    attachments.map((a) => pgText(a.contentId)),
    attachments.map((a) => a.sha256),
    attachments.map((a) => a.content),
    ...events.values,
  );
  return rows.map((row) => row.id);
}

/** The filing of an announced email by the tickets service (inbound_email.filed), and the event that told it. */
export interface Filing {
  eventId: string;
  emailId: string;
  emailAccountId: string;
  outcome: string;
  detail: string;
  ticketId: string | null;
  number: number | null;
  rule: string | null;
  reopened: boolean;
  linkedTicketId: string | null;
  noteId: string | null;
}

/**
 * Applies a group of filings once, in one statement: records their events as handled by `consumer`
 * and writes each filing of an event not handled before into its record (announced, filed before, or
 * given up as unfiled: a late filing is still the truth,
 * of the same account; a repeat writes the same again; of two filings of one email the later wins).
 * Resolves to the events applied now, with the outcome of those whose record was there.
 */
export async function applyFilings(sql: SqlExecutor, consumer: string, filings: Filing[]): Promise<Array<{ eventId: string; filedOutcome: string | null }>> {
  return sql.$queryRawUnsafe(
    `WITH fresh AS (${newlyProcessed('$1', '$2')}), filed AS (
       UPDATE inbound_emails e SET state = 'filed', outcome = f.outcome, outcome_detail = f.detail, ticket_id = f.ticket_id, ticket_number = f.number,
         rule = f.rule, reopened = f.reopened, linked_ticket_id = f.linked_ticket_id, note_id = f.note_id, filed_at = COALESCE(e.filed_at, now()), updated_at = now()
       FROM (SELECT DISTINCT ON (f.email_id) f.*
             FROM jsonb_to_recordset($3::jsonb) AS f(position int, event_id uuid, email_id uuid, email_account_id uuid, outcome text, detail text,
                    ticket_id uuid, number int, rule text, reopened boolean, linked_ticket_id uuid, note_id uuid)
             JOIN fresh ON fresh.event_id = f.event_id
             ORDER BY f.email_id, f.position DESC) AS f
       WHERE e.id = f.email_id AND e.email_account_id = f.email_account_id AND e.state IN ('announced', 'filed', 'unfiled')
       RETURNING f.event_id, f.outcome
     )
     SELECT fresh.event_id AS "eventId", filed.outcome AS "filedOutcome" FROM fresh LEFT JOIN filed ON filed.event_id = fresh.event_id`,
    consumer,
    filings.map((filing) => filing.eventId),
    pgJson(
      filings.map((filing, position) => ({
        position, event_id: filing.eventId, email_id: filing.emailId, email_account_id: filing.emailAccountId, outcome: filing.outcome, detail: filing.detail,
        ticket_id: filing.ticketId, number: filing.number, rule: filing.rule, reopened: filing.reopened, linked_ticket_id: filing.linkedTicketId, note_id: filing.noteId,
      })),
    ),
  );
}

/**
 * Stores an email as received, raw, for the processor (tests and tools; the fetcher stores what it
 * fetches with its progress in its own statement). The dedup key is the Message-ID, else a hash of the source.
 */
export async function storeReceived(sql: SqlExecutor, email: { emailAccountId: string; raw: Buffer; messageId?: string | null; dedupKey?: string }): Promise<string> {
  const id = randomUUID();
  const dedupKey = email.dedupKey ?? (email.messageId ? `mid:${email.messageId}` : `hash:${createHash('sha256').update(email.raw).digest('hex')}`);
  await sql.$executeRawUnsafe(
    `INSERT INTO inbound_emails (id, email_account_id, dedup_key, message_id, raw, size, state) VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::int, 'received')`,
    id,
    email.emailAccountId,
    dedupKey,
    email.messageId ?? null,
    email.raw,
    email.raw.length,
  );
  return id;
}

/** One line of the list of records. */
export interface InboundEmailSummary {
  id: string;
  emailAccountId: string;
  receivedAt: Date;
  state: string;
  outcome: string | null;
  quarantineReason: string | null;
  fromAddress: string | null;
  fromName: string | null;
  subject: string | null;
  messageId: string | null;
  size: number;
  automaticHeader: string | null;
  automaticValue: string | null;
  ticketId: string | null;
  ticketNumber: number | null;
  duplicateOf: string | null;
}

// A duplicate delivery keeps no source and is never parsed: what it says (sender, subject, bodies,
// attachments) is read from its first delivery, `p` (the email itself for every other record).
const summaryColumns = `e.id, e.email_account_id AS "emailAccountId", e.received_at AS "receivedAt", e.state, e.outcome,
  e.quarantine_reason AS "quarantineReason", p.from_address AS "fromAddress", p.from_name AS "fromName", p.subject,
  e.message_id AS "messageId", e.size, p.automatic_header AS "automaticHeader", p.automatic_value AS "automaticValue",
  e.ticket_id AS "ticketId", e.ticket_number AS "ticketNumber", e.duplicate_of AS "duplicateOf"`;
const withFirstDelivery = 'inbound_emails e JOIN inbound_emails p ON p.id = COALESCE(e.duplicate_of, e.id)';

/** Records newest first (received_at, id descending), after the keyset `after` when given; one more than `limit` says there is a next page. */
export async function listInboundEmails(
  sql: SqlExecutor,
  query: { accountId?: string; state?: string; outcome?: string; after?: { receivedAt: Date; id: string }; limit: number },
): Promise<InboundEmailSummary[]> {
  const where: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => `$${values.push(value)}`;
  if (query.accountId) where.push(`e.email_account_id = ${param(query.accountId)}::uuid`);
  if (query.state) where.push(`e.state = ${param(query.state)}`);
  if (query.outcome) where.push(`e.outcome = ${param(query.outcome)}`);
  if (query.after) where.push(`(e.received_at, e.id) < (${param(query.after.receivedAt)}::timestamptz, ${param(query.after.id)}::uuid)`);
  return sql.$queryRawUnsafe<InboundEmailSummary[]>(
    `SELECT ${summaryColumns} FROM ${withFirstDelivery} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY e.received_at DESC, e.id DESC LIMIT ${param(query.limit + 1)}::int`,
    ...values,
  );
}

export interface InboundEmailRecord extends InboundEmailSummary {
  uidValidity: string | null;
  uid: string | null;
  outcomeDetail: string | null;
  attempts: number;
  processedAt: Date | null;
  filedAt: Date | null;
  toAddresses: unknown[] | null;
  ccAddresses: unknown[] | null;
  sentAt: Date | null;
  inReplyTo: string | null;
  references: string[] | null;
  textBody: string | null;
  htmlBody: string | null;
  rule: string | null;
  reopened: boolean | null;
  linkedTicketId: string | null;
  noteId: string | null;
  bounceAgainst: string | null;
  bounceRecipient: string | null;
  bounceAction: string | null;
  bounceStatus: string | null;
  bounceDiagnostic: string | null;
  rawKept: boolean;
  attachments: Array<{ id: string; filename: string; contentType: string; size: number; inline: boolean; contentId: string | null }>;
}

export async function findInboundEmail(sql: SqlExecutor, id: string): Promise<InboundEmailRecord | undefined> {
  const rows = await sql.$queryRawUnsafe<InboundEmailRecord[]>(
    `SELECT ${summaryColumns}, e.uid_validity::text AS "uidValidity", e.uid::text AS uid, e.outcome_detail AS "outcomeDetail", e.attempts,
       e.processed_at AS "processedAt", e.filed_at AS "filedAt", p.to_addresses AS "toAddresses", p.cc_addresses AS "ccAddresses",
       p.sent_at AS "sentAt", p.in_reply_to AS "inReplyTo", p."references", p.text_body AS "textBody", p.html_body AS "htmlBody",
       e.rule, e.reopened, e.linked_ticket_id AS "linkedTicketId", e.note_id AS "noteId", e.bounce_against AS "bounceAgainst",
       e.bounce_recipient AS "bounceRecipient", e.bounce_action AS "bounceAction", e.bounce_status AS "bounceStatus",
       e.bounce_diagnostic AS "bounceDiagnostic", (e.raw IS NOT NULL OR e.duplicate_of IS NOT NULL) AS "rawKept",
       COALESCE((SELECT json_agg(json_build_object('id', a.id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
                   'inline', a.inline, 'contentId', a.content_id) ORDER BY a.position)
                 FROM inbound_attachments a WHERE a.email_id = p.id), '[]'::json) AS attachments
     FROM ${withFirstDelivery} WHERE e.id = $1::uuid`,
    id,
  );
  return rows[0];
}

/** The raw source of an email (a duplicate's is its first delivery's); undefined when there is no such email, null when its source is not kept. */
export async function readRawSource(sql: SqlExecutor, id: string): Promise<Buffer | null | undefined> {
  const rows = await sql.$queryRawUnsafe<Array<{ raw: Buffer | null }>>(
    `SELECT COALESCE(e.raw, (SELECT f.raw FROM inbound_emails f WHERE f.id = e.duplicate_of)) AS raw FROM inbound_emails e WHERE e.id = $1::uuid`,
    id,
  );
  return rows.length === 0 ? undefined : rows[0]!.raw;
}

/**
 * Puts a quarantined email back to be processed, as if just stored: its result and attachments go.
 * `attempts` is not reset: it numbers the claims and fences their writes, so a processor still holding
 * a claim from before could otherwise record over a fresh claim with the same number. The count at
 * the retry is kept instead, and PROCESSOR_MAX_ATTEMPTS counts the claims after it. 'not-quarantined'
 * when it is in another state (nothing changes).
 */
export async function requeueQuarantined(sql: SqlExecutor, id: string): Promise<'requeued' | 'not-quarantined' | 'not-found'> {
  const rows = await sql.$queryRawUnsafe<Array<{ requeued: boolean }>>(
    `WITH target AS (SELECT id, state FROM inbound_emails WHERE id = $1::uuid FOR UPDATE),
     requeued AS (
       UPDATE inbound_emails e SET state = 'received', outcome = NULL, outcome_detail = NULL, quarantine_reason = NULL, attempts_at_requeue = e.attempts,
         claimed_until = NULL, processed_at = NULL, updated_at = now()
       FROM target t WHERE e.id = t.id AND t.state = 'quarantined' RETURNING e.id),
     dropped AS (DELETE FROM inbound_attachments a USING requeued r WHERE a.email_id = r.id)
     SELECT EXISTS (SELECT 1 FROM requeued) AS requeued FROM target`,
    id,
  );
  if (rows.length === 0) return 'not-found';
  return rows[0]!.requeued ? 'requeued' : 'not-quarantined';
}

/**
 * The processor's backlog (emails stored and not yet processed), the emails announced to the tickets
 * service and not filed yet with the age of the oldest first announcement (`GET
 * /api/inbound-emails?state=announced` lists them), and the emails given up as unfiled (`state=unfiled`).
 */
export async function countWaiting(sql: SqlExecutor): Promise<{ waiting: number; oldestSeconds: number; announced: number; oldestAnnouncedSeconds: number; unfiled: number }> {
  const rows = await sql.$queryRawUnsafe<Array<{ waiting: number; oldest: number; announced: number; oldestAnnounced: number; unfiled: number }>>(
    `SELECT w.waiting, w.oldest, a.announced, a.oldest_announced AS "oldestAnnounced",
            (SELECT count(*)::int FROM inbound_emails WHERE state = 'unfiled') AS unfiled
     FROM (SELECT count(*)::int AS waiting, COALESCE(EXTRACT(EPOCH FROM now() - min(received_at)), 0)::float8 AS oldest
           FROM inbound_emails WHERE state = 'received') w,
          (SELECT count(*)::int AS announced, COALESCE(EXTRACT(EPOCH FROM now() - min(announced_since)), 0)::float8 AS oldest_announced
           FROM inbound_emails WHERE state = 'announced') a`,
  );
  const row = rows[0]!;
  return { waiting: row.waiting, oldestSeconds: row.oldest, announced: row.announced, oldestAnnouncedSeconds: row.oldestAnnounced, unfiled: row.unfiled };
}

/** The bytes of an attachment or inline image, and what serving them needs. */
export async function readAttachment(sql: SqlExecutor, id: string): Promise<{ emailId: string; filename: string; contentType: string; inline: boolean; content: Buffer } | undefined> {
  const rows = await sql.$queryRawUnsafe<Array<{ emailId: string; filename: string; contentType: string; inline: boolean; content: Buffer }>>(
    `SELECT email_id AS "emailId", filename, content_type AS "contentType", inline, content FROM inbound_attachments WHERE id = $1::uuid`,
    id,
  );
  return rows[0];
}

/**
 * Hands back claims a stopping processor did not start on, in one statement, as they were before
 * the claim: free to take at once, and not counted as an attempt (PROCESSOR_MAX_ATTEMPTS counts
 * interrupted ones). Fenced by the claim, so one that lapsed and was taken by another instance, or
 * whose email was processed, is left alone. The number goes back to the previous claim's, which had
 * lapsed: should its holder still record, it is the only one to (the email then leaves 'received').
 */
export async function releaseClaims(sql: SqlExecutor, claims: Array<{ id: string; attempts: number }>): Promise<void> {
  await sql.$executeRawUnsafe(
    `UPDATE inbound_emails e SET claimed_until = NULL, attempts = e.attempts - 1, updated_at = now()
     FROM unnest($1::uuid[], $2::int[]) AS c(id, attempts)
     WHERE e.id = c.id AND e.attempts = c.attempts AND e.state = 'received'`,
    claims.map((claim) => claim.id),
    claims.map((claim) => claim.attempts),
  );
}
