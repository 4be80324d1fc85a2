import { inboundEmailBouncedV1, inboundEmailReceivedV1 } from '@helpdesk/contracts-schema';
import { isInfrastructureError } from '@helpdesk/errors';
import { Counter, type Registry } from '@helpdesk/http';
import type { Logger } from '@helpdesk/logging';
import { recordEvent } from '@helpdesk/outbox';
import type { Job } from '@helpdesk/runtime';
import { decide, quarantine, type ProcessingDecision } from '../domain/process-email.js';
import { exceedsSizeCap, tooLargeDetail } from '../domain/size-cap.js';
import { ParseFailure, ParserPool } from '../mail/parser-pool.js';
import type { MailIngestDatabase } from '../persistence/client.js';
import { claimReceived, recordProcessing, type ClaimedEmail } from '../persistence/inbound-email.repository.js';

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
 * The processor (issue 11 §3, design step 2): claims stored emails oldest first (SKIP LOCKED, so
 * several instances share the work), each for a lease longer than a parse can take; parses it in a
 * worker thread with no transaction open; then, in one transaction, records the result, its
 * attachments and its event (inbound_email.received or .bounced) in the outbox, fenced by the claim
 * (a lapsed claim taken over by another instance records nothing). A processor that dies mid-way
 * leaves the claim to lapse: the email is taken again, and after PROCESSOR_MAX_ATTEMPTS lapsed claims
 * it is quarantined. Every failure of one email ends in its quarantine; none holds up the next.
 */
export function startProcessor(options: ProcessorOptions): Processor {
  const { db, log } = options;
  const pool = new ParserPool({ size: options.concurrency, timeoutMs: options.parseTimeoutMs, maxHeapMb: options.parseWorkerHeapMb, entry: options.parserEntry });
  // Longer than the slowest parse, plus the time to store the result.
  const leaseMs = options.parseTimeoutMs + 60_000;
  const processed = new Counter({
    name: 'inbound_emails_processed_total',
    help: 'Inbound emails processed, by what became of them: announced (to the tickets service), bounce, own-mail, quarantined (with the reason)',
    labelNames: ['outcome', 'reason'],
    registers: [options.metrics],
  });
  const working = new Set<Promise<void>>();
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
    if (exceedsSizeCap(email.size, options.maxMessageBytes)) return quarantine('too-large', tooLargeDetail(email.size, options.maxMessageBytes));
    if (!email.raw) return quarantine('parse-failed', 'The raw source of this email is not kept, so it cannot be parsed.');
    try {
      return decide(email, await pool.parse(email.raw), options.systemDomain);
    } catch (error) {
      if (error instanceof ParseFailure) return quarantine(error.reason, error.message);
      throw error;
    }
  }

  async function record(email: ClaimedEmail, decision: ProcessingDecision): Promise<boolean> {
    return db.transaction(async (tx) => {
      if (!(await recordProcessing(tx, email, decision.result))) return false;
      const aggregate = { type: 'inbound_email', id: email.id, version: 1 };
      if (decision.received) await recordEvent(tx, 'mail-ingest', inboundEmailReceivedV1, aggregate, decision.received);
      if (decision.bounced) await recordEvent(tx, 'mail-ingest', inboundEmailBouncedV1, aggregate, decision.bounced);
      return true;
    });
  }

  async function processOne(email: ClaimedEmail): Promise<void> {
    let decision: ProcessingDecision | undefined;
    try {
      decision = await decideFor(email);
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

  const loop = (async () => {
    while (running) {
      woken = false;
      const free = options.concurrency - working.size;
      if (free > 0) {
        try {
          const claimed = await claimReceived(db.client, { limit: free, leaseMs, maxBytes: options.maxMessageBytes });
          for (const email of claimed) {
            const work = processOne(email).finally(() => {
              working.delete(work);
              wake();
            });
            working.add(work);
          }
        } catch (err) {
          log.warn({ err }, 'could not claim stored email; retrying');
        }
      }
      if (running) await pause(options.pollMs);
    }
  })();

  return {
    wake,
    async stop() {
      running = false;
      wake();
      await loop;
      await Promise.all([...working]);
      await pool.close();
    },
  };
}
