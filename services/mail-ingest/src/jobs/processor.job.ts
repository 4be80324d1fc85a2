import { isInfrastructureError } from '@helpdesk/errors';
import { Counter, type Registry } from '@helpdesk/http';
import type { Logger } from '@helpdesk/logging';
import { groupCalls, type Job } from '@helpdesk/runtime';
import { decide, eventsOf, quarantine, type ProcessingDecision } from '../domain/process-email.js';
import { exceedsSizeCap, tooLargeDetail } from '../domain/size-cap.js';
import { ParseFailure, ParserPool } from '../mail/parser-pool.js';
import type { MailIngestDatabase } from '../persistence/client.js';
import { claimReceived, recordProcessed, releaseClaims, type ClaimedEmail, type ProcessedEmail } from '../persistence/inbound-email.repository.js';

export interface ProcessorOptions {
  db: MailIngestDatabase;
  log: Logger;
  metrics: Registry;
  maxMessageBytes: number;
  parseTimeoutMs: number;
  parseWorkerHeapMb: number;
  concurrency: number;
  pollMs: number;
  maxAttempts: number;
  systemDomain: string;
  /** The parsing worker's module (tests). */
  parserEntry?: string;
}

export interface Processor extends Job {
  /** Look for stored email now (the fetcher calls it after storing; this process's commits call it too). */
  wake(): void;
}

/**
 * The processor (issue 11 §3, design step 2): claims stored emails oldest first, a batch at a time
 * (SKIP LOCKED, so several instances share the work), each for a lease longer than its wait and its
 * parse can take; parses them in worker threads, PROCESSOR_CONCURRENCY at once, with no transaction
 * open; then records the results, their attachments and their events (inbound_email.received or
 * .bounced) in the outbox in one statement per group, each fenced by its claim (a lapsed claim taken
 * over by another instance records nothing, the others of its group are recorded). A processor that
 * dies mid-way leaves the claims to lapse: the emails are taken again, and after PROCESSOR_MAX_ATTEMPTS
 * lapsed claims one is quarantined. One that stops finishes the emails it is parsing or recording and
 * hands the others back. Every failure of one email ends in its quarantine; none holds up the next.
 */
export function startProcessor(options: ProcessorOptions): Processor {
  const { db, log } = options;
  const pool = new ParserPool({ size: options.concurrency, timeoutMs: options.parseTimeoutMs, maxHeapMb: options.parseWorkerHeapMb, entry: options.parserEntry });
  // A claim costs a round trip: a few emails per parsing thread at a time, not one per free thread.
  const claimBatch = 4 * options.concurrency;
  // Longer than the wait of the last of a batch behind the others' parses, its own slowest parse, plus the time to store the result.
  const leaseMs = (claimBatch / options.concurrency) * options.parseTimeoutMs + 60_000;
  const processed = new Counter({
    name: 'inbound_emails_processed_total',
    help: 'Inbound emails processed, by what became of them: announced (to the tickets service), bounce, own-mail, quarantined (with the reason)',
    labelNames: ['outcome', 'reason'],
    registers: [options.metrics],
  });
  /** Claimed, waiting for a parsing thread. */
  const claimed: ClaimedEmail[] = [];
  /** Parsing or being recorded. */
  const working = new Set<Promise<void>>();
  /** Of those, parsing: a thread each. One being recorded leaves its thread to the next email. */
  let parsing = 0;
  let running = true;
  let woken = false;
  let timer: NodeJS.Timeout | undefined;
  let resume: (() => void) | undefined;

  const wake = () => {
    woken = true;
    clearTimeout(timer);
    resume?.();
  };
  const pause = (ms: number) =>
    woken
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          resume = resolve;
          timer = setTimeout(resolve, ms);
        });

  // The fetcher of this process stores email in its own commits: look at once.
  db.afterCommit(() => wake());

  async function decideFor(email: ClaimedEmail): Promise<ProcessingDecision> {
    if (email.attemptsSinceRequeue > options.maxAttempts) {
      return quarantine('parse-failed', `Processing this email was interrupted ${email.attemptsSinceRequeue - 1} times (the processor stopped before it finished): it is set aside so that it does not hold up the mail behind it.`);
    }
    // Fetched, then its account deleted before it was processed: kept (raw source, record), never filed for a mailbox that is gone.
    if (email.mailbox === null) {
      return quarantine('account-deleted', 'The email account this email was fetched from was deleted before it was processed: it is kept (read its raw source) but not filed.');
    }
    if (exceedsSizeCap(email.size, options.maxMessageBytes)) return quarantine('too-large', tooLargeDetail(email.size, options.maxMessageBytes));
    if (!email.raw) return quarantine('parse-failed', 'The raw source of this email is not kept, so it cannot be parsed.');
    try {
      return decide(email, await pool.parse(email.raw), options.systemDomain);
    } catch (error) {
      if (error instanceof ParseFailure) return quarantine(error.reason, error.message);
      throw error;
    }
  }

  /** One result to record; `recorded` says afterwards whether its claim was still this processor's. */
  interface Recording {
    processed: ProcessedEmail;
    recorded?: boolean;
  }

  // Results are recorded as their parses finish: the first at once, those that finish while a group's
  // statement runs together in the next (libs/runtime groupCalls). A slow parse thus holds back no
  // other email's result, and under load a statement records several. A group the database refuses
  // is recorded again one by one, so that only the email it refuses fails (and is quarantined).
  const recordInGroups = groupCalls(async (group: Recording[]) => {
    const recorded = new Set(await recordProcessed(db.client, group.map((recording) => recording.processed)));
    for (const recording of group) recording.recorded = recorded.has(recording.processed.email.id);
    db.statementCommitted({ wroteOutbox: group.some((recording) => recording.processed.events.length > 0) });
  }, claimBatch);

  async function record(email: ClaimedEmail, decision: ProcessingDecision): Promise<boolean> {
    const recording: Recording = { processed: { email, result: decision.result, events: eventsOf(email, decision) } };
    await recordInGroups(recording);
    return recording.recorded === true;
  }

  async function processOne(email: ClaimedEmail, parsed: () => void): Promise<void> {
    let decision: ProcessingDecision | undefined;
    try {
      decision = await decideFor(email).finally(parsed);
      if (!(await record(email, decision))) {
        log.warn({ emailId: email.id }, 'the claim on this email lapsed and another processor took it: its result is left to that one');
        return;
      }
    } catch (err) {
      if (isInfrastructureError(err)) {
        log.warn({ err, emailId: email.id }, 'database away while processing an email: its claim lapses and it is taken again');
        return;
      }
      // A bug or a value the database refuses: the email is set aside, the ones behind it go on.
      log.error({ err, emailId: email.id }, 'could not process an email: quarantined');
      decision = quarantine('parse-failed', `Processing failed: ${(err as Error).message}`.slice(0, 2000));
      try {
        if (!(await record(email, decision))) return;
      } catch (again) {
        log.error({ err: again, emailId: email.id }, 'could not quarantine an email either: its claim lapses and it is taken again');
        return;
      }
    }
    const { state, quarantineReason } = decision.result;
    processed.inc({ outcome: state, reason: quarantineReason ?? '' });
    log.info({ emailId: email.id, emailAccountId: email.emailAccountId, state, quarantineReason }, 'inbound email processed');
  }

  function startNext(): void {
    const email = claimed.shift()!;
    parsing += 1;
    const work = processOne(email, () => {
      parsing -= 1;
      wake();
    }).finally(() => working.delete(work));
    working.add(work);
  }

  const loop = (async () => {
    while (running) {
      woken = false;
      // The next batch is claimed as the last one starts parsing, so the threads do not wait for it.
      if (claimed.length < options.concurrency && claimed.length + working.size < claimBatch) {
        try {
          claimed.push(...(await claimReceived(db.client, { limit: claimBatch - claimed.length - working.size, leaseMs, maxBytes: options.maxMessageBytes })));
        } catch (err) {
          log.warn({ err }, 'could not claim stored email; retrying');
        }
      }
      while (running && claimed.length > 0 && parsing < options.concurrency) startNext();
      if (running) await pause(options.pollMs);
    }
  })();

  // Parsing the claimed emails not started yet (up to a batch, each up to PARSE_TIMEOUT_MS) would
  // outlast an orchestrator's grace period, and their claims would then lapse and count as
  // interrupted attempts: they are handed back instead, and only those under way are finished.
  async function handBackUnstarted(): Promise<void> {
    const unstarted = claimed.splice(0);
    if (unstarted.length === 0) return;
    try {
      await releaseClaims(db.client, unstarted);
    } catch (err) {
      log.warn({ err, emailIds: unstarted.map((email) => email.id) }, 'could not hand back the claimed emails not started: their claims lapse and they are taken again');
    }
  }

  return {
    wake,
    async stop() {
      running = false;
      wake();
      await loop;
      await Promise.all([handBackUnstarted(), ...working]);
      await pool.close();
    },
  };
}
