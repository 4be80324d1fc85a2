import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import type { Logger } from '@helpdesk/logging';
import type { Job } from '@helpdesk/runtime';
import type { SecretKeys } from '../domain/secret-box.js';
import { MailboxWorker, type FetcherSettings } from '../mail/mailbox-worker.js';
import type { MailIngestDatabase } from '../persistence/client.js';
import { acquireLease, listEnabledAccounts } from '../persistence/mailbox-state.repository.js';

/**
 * The hand-off to processing: emits 'stored' after a transaction stored new email (state
 * 'received'). The processor listens here to look at once instead of at its next poll; other
 * instances' processors find the rows by polling.
 */
export const mailStored = new EventEmitter();

export interface MailFetcherOptions {
  db: MailIngestDatabase;
  keys: SecretKeys;
  log: Logger;
  settings: FetcherSettings & { accountsRefreshMs: number; instanceId?: string };
  onStored?: () => void;
}

/**
 * Fetches every enabled account whose lease this instance holds or can take. Reads the accounts
 * again every `accountsRefreshMs`: a new or enabled account is taken when its lease is free, a
 * disabled or deleted one is stopped (its lease released), an edited one (its version went up) is
 * restarted with its new settings, and a worker that lost its lease is dropped (its mailbox is
 * another instance's now, until that one lets it lapse).
 */
export function startMailFetcher(options: MailFetcherOptions): Job & { holder: string; wake(): void } {
  const { db, log, settings } = options;
  const holder = settings.instanceId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const onStored = options.onStored ?? (() => void mailStored.emit('stored'));
  const workers = new Map<string, { worker: MailboxWorker; version: number }>();
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  const wake = () => {
    woken = true;
    clearTimeout(timer);
    wakeUp?.();
  };

  const look = async () => {
    const accounts = await listEnabledAccounts(db.client);
    const versions = new Map(accounts.map((account) => [account.id, account.version]));
    for (const [id, held] of [...workers]) {
      if (held.worker.finished) {
        await held.worker.done;
        workers.delete(id);
      } else if (versions.get(id) !== held.version) {
        await held.worker.stop();
        workers.delete(id);
      }
    }
    for (const account of accounts) {
      if (!running || workers.has(account.id)) continue;
      const lease = await acquireLease(db.client, account.id, holder, settings.leaseMs);
      if (!lease) continue;
      workers.set(account.id, { worker: new MailboxWorker(lease, { db, keys: options.keys, log, settings, onStored }), version: account.version });
    }
  };

  const loop = (async () => {
    while (running) {
      woken = false;
      try {
        await look();
      } catch (err) {
        log.warn({ err }, 'could not look at the mail accounts; retrying');
      }
      if (!running || woken) continue;
      await new Promise<void>((resolve) => {
        wakeUp = resolve;
        timer = setTimeout(resolve, settings.accountsRefreshMs);
      });
      wakeUp = undefined;
    }
  })();

  return {
    holder,
    wake,
    async stop() {
      running = false;
      wake();
      await loop;
      await Promise.all([...workers.values()].map(({ worker }) => worker.stop()));
      workers.clear();
    },
  };
}
