import type { ImapFlow } from 'imapflow';
import type { Logger } from '@helpdesk/logging';
import type { MailIngestDatabase } from '../persistence/client.js';
import { findEmailAccount } from '../persistence/email-account.repository.js';
import {
  LeaseLostError,
  recordBacklog,
  recordFetchError,
  recordSync,
  releaseLease,
  renewLease,
  startUidValidity,
  storeFetchedMessages,
  type FetchedMessage,
  type Lease,
  type StoreOutcome,
} from '../persistence/mailbox-state.repository.js';
import { connectionOf, destinationOf, openSecrets } from '../domain/email-account.js';
import { dedupKey } from '../domain/dedup-key.js';
import { tooLargeAtFetchDetail } from '../domain/size-cap.js';
import type { SecretKeys } from '../domain/secret-box.js';
import { describe as describeConnectionProblem, imapClient, type ImapishError } from './imap-connection-test.js';
import { fetchAccessToken } from './oauth2-token.js';

export interface FetcherSettings {
  sweepIntervalMs: number;
  leaseMs: number;
  reconnectMaxMs: number;
  socketTimeoutMs: number;
  connectTimeoutMs: number;
  /** Messages stored per transaction (with the progress past the last): 1 by default. */
  storeBatch: number;
  /**
   * The ceiling at fetch time: a message whose RFC822.SIZE is larger is recorded without its source
   * (quarantined, too-large) and the sync goes past it, so one huge message cannot stall its mailbox.
   */
  maxFetchBytes: number;
}

export interface WorkerContext {
  db: MailIngestDatabase;
  keys: SecretKeys;
  log: Logger;
  settings: FetcherSettings;
  /** Called after a transaction stored at least one new email (state 'received'): the processor's wake-up. */
  onStored: () => void;
}

/** Messages fetched with their source in one FETCH: at most this many, or this many bytes (a bigger message goes alone). */
const batchMessages = 50;
const batchBytes = 8 * 1024 * 1024;
const firstRetryMs = 500;
/** Of a message over the ceiling, only this much of its start is fetched: its headers, for the dedup key. */
const headBytes = 64 * 1024;

class ConnectionClosed extends Error {}

/**
 * Fetches one mailbox folder while this instance holds its lease: connects, opens the folder, syncs
 * `UID > last` (one transaction per message: its row and the progress past it, fenced by the lease
 * token), flags each message \Seen once it is stored, then waits in IDLE (imapflow's auto-IDLE) for
 * new mail or the next sweep, which also re-SELECTs the folder (a changed UIDVALIDITY, a connection
 * that died silently). A failure is recorded on the account and retried with a doubling back-off;
 * a lost lease stops the worker for good.
 */
export class MailboxWorker {
  private running = true;
  private imap: ImapFlow | undefined;
  private wakeUp: ((reason: 'wake' | 'sweep') => void) | undefined;
  private pendingWake = false;
  private renewTimer: NodeJS.Timeout | undefined;
  private lastRenewedAt = Date.now();
  private lost = false;
  readonly done: Promise<void>;

  constructor(
    readonly lease: Lease,
    private readonly context: WorkerContext,
  ) {
    const { leaseMs } = context.settings;
    this.renewTimer = setInterval(() => void this.renew(), Math.max(100, Math.floor(leaseMs / 3)));
    this.done = this.run();
  }

  get finished(): boolean {
    return !this.running;
  }

  /** Stops fetching and gives the lease up (unless it was lost). */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    this.imap?.close();
    await this.done;
  }

  private wake(): void {
    if (this.wakeUp) this.wakeUp('wake');
    else this.pendingWake = true;
  }

  private async renew(): Promise<void> {
    if (!this.running) return;
    try {
      if (await renewLease(this.context.db.client, this.lease, this.context.settings.leaseMs)) {
        this.lastRenewedAt = Date.now();
        return;
      }
      this.loseLease('taken over');
    } catch (err) {
      // The database is away: the lease is ours until it would have lapsed, and not a moment longer.
      if (Date.now() - this.lastRenewedAt >= this.context.settings.leaseMs) this.loseLease('not renewed in time');
      else this.context.log.warn({ err, emailAccountId: this.lease.accountId }, 'could not renew the mailbox lease; retrying');
    }
  }

  private loseLease(why: string): void {
    if (this.lost) return;
    this.lost = true;
    this.context.log.warn({ emailAccountId: this.lease.accountId, leaseToken: this.lease.token, why }, 'mailbox lease lost: stopping its fetcher');
    this.running = false;
    this.wake();
    this.imap?.close();
  }

  private async run(): Promise<void> {
    const { log, settings } = this.context;
    log.info({ emailAccountId: this.lease.accountId, leaseToken: this.lease.token, holder: this.lease.holder }, 'mailbox lease taken: fetching');
    let failures = 0;
    while (this.running) {
      try {
        await this.session();
        failures = 0;
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.loseLease('fenced');
          break;
        }
        if (!this.running) break;
        if (error instanceof ConnectionClosed) {
          failures = 0;
        } else {
          failures += 1;
          const message = (error as Error).message;
          log.warn({ emailAccountId: this.lease.accountId, err: error, failures }, 'mailbox fetch failed; retrying');
          await recordFetchError(this.context.db.client, this.lease.accountId, message).catch(() => undefined);
        }
      }
      if (!this.running) break;
      const delay = failures === 0 ? 100 : Math.min(settings.reconnectMaxMs, firstRetryMs * 2 ** Math.min(failures - 1, 20));
      await this.pause(delay);
    }
    clearInterval(this.renewTimer);
    this.imap?.close();
    if (!this.lost) {
      await releaseLease(this.context.db.client, this.lease).catch((err: unknown) => log.warn({ err, emailAccountId: this.lease.accountId }, 'could not release the mailbox lease; it lapses'));
      log.info({ emailAccountId: this.lease.accountId }, 'mailbox lease released');
    }
  }

  /** Waits `ms`, or less when woken (stop, new mail). */
  private pause(ms: number): Promise<'wake' | 'sweep'> {
    if (this.pendingWake || !this.running) {
      this.pendingWake = false;
      return Promise.resolve('wake');
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => done('sweep'), ms);
      const done = (reason: 'wake' | 'sweep') => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve(reason);
      };
      this.wakeUp = done;
    });
  }

  /** One connection: open, sync, wait for news; returns or throws when it ends. */
  private async session(): Promise<void> {
    const { db, keys, settings } = this.context;
    const account = await findEmailAccount(db.client, this.lease.accountId);
    if (!account || !account.enabled) {
      this.running = false;
      return;
    }
    const secrets = openSecrets(keys, account);
    // Never sent where they were not entered for (an account is enabled only once they are for where it points).
    if (secrets.destination !== destinationOf(account)) throw new Error('The stored secrets were entered for another server or sign-in: edit the account and enter them again.');
    const connection = connectionOf(account, secrets);
    const where = `${connection.host}:${connection.port}`;
    const accessToken = connection.auth.method === 'oauth2' ? await fetchAccessToken(connection.auth, settings.connectTimeoutMs) : undefined;
    const imap = imapClient(connection, accessToken, { connectTimeoutMs: settings.connectTimeoutMs, socketTimeoutMs: settings.socketTimeoutMs, idle: true });
    this.imap = imap;
    let closed = false;
    imap.on('error', () => undefined);
    imap.on('close', () => {
      closed = true;
      this.wake();
    });
    imap.on('exists', () => this.wake());
    if (!this.running) return;
    let step: 'connect' | 'folder' = 'connect';
    try {
      await imap.connect();
      step = 'folder';
      await imap.mailboxOpen(connection.folder);
    } catch (error) {
      imap.close();
      if (!this.running) return;
      throw new Error(describeConnectionProblem(error as ImapishError, step, connection, where).message);
    }
    try {
      let reselect = false;
      while (this.running) {
        if (closed) throw new ConnectionClosed(`${where} closed the connection`);
        await this.sync(imap, connection.folder, reselect);
        const reason = await this.pause(settings.sweepIntervalMs);
        reselect = reason === 'sweep';
      }
    } catch (error) {
      if (error instanceof LeaseLostError || !this.running) throw error;
      if (closed || !imap.usable) throw new ConnectionClosed(`${where} closed the connection`);
      throw new Error(`Fetching from ${where} failed: ${(error as Error).message}`);
    } finally {
      imap.close();
    }
  }

  private sync(imap: ImapFlow, folder: string, reselect: boolean): Promise<void> {
    return syncFolder(imap, folder, reselect, this.lease, this.context, () => this.running);
  }
}

/** What a sync needs of the IMAP connection (imapflow's ImapFlow; a fake in tests). */
export type FolderClient = Pick<ImapFlow, 'mailbox' | 'mailboxOpen' | 'fetch' | 'search' | 'messageFlagsAdd'>;

/** Stores every message past the last UID, oldest first, and flags each one \Seen once it is committed. */
export async function syncFolder(imap: FolderClient, folder: string, reselect: boolean, lease: Lease, context: WorkerContext, running: () => boolean): Promise<void> {
  const { db, log, settings } = context;
  if (reselect) await imap.mailboxOpen(folder);
  const mailbox = imap.mailbox;
  if (!mailbox) throw new Error(`the folder "${folder}" is not open`);
  const uidValidity = String(mailbox.uidValidity);
  if (lease.uidValidity !== uidValidity) {
    if (lease.uidValidity !== null) log.warn({ emailAccountId: lease.accountId, from: lease.uidValidity, to: uidValidity }, 'UIDVALIDITY changed: syncing the folder again from UID 1');
    await startUidValidity(db.client, lease, uidValidity);
    lease.uidValidity = uidValidity;
    lease.lastUid = 0;
  }
  const found: Array<{ uid: number; size: number }> = [];
  for await (const message of imap.fetch(`${lease.lastUid + 1}:*`, { uid: true, size: true }, { uid: true })) {
    // `n:*` names the last message too when n is past it.
    if (message.uid > lease.lastUid) found.push({ uid: message.uid, size: message.size ?? 0 });
  }
  found.sort((a, b) => a.uid - b.uid);
  let backlog = found.length;
  if (backlog > 0) await recordBacklog(db.client, lease.accountId, backlog);
  while (found.length > 0 && running()) {
    const batch = [found.shift()!];
    let bytes = batch[0]!.size;
    while (found.length > 0 && batch.length < batchMessages && bytes + found[0]!.size <= batchBytes) {
      bytes += found[0]!.size;
      batch.push(found.shift()!);
    }
    const tooLarge = (size: number) => size > settings.maxFetchBytes;
    const sources = new Map<number, Buffer>();
    const whole = batch.filter((m) => !tooLarge(m.size)).map((m) => m.uid);
    if (whole.length > 0) {
      for await (const message of imap.fetch(whole.join(','), { uid: true, source: true }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
    }
    // Over the ceiling: only its start (the headers, for the dedup key), never the whole source.
    const heads = batch.filter((m) => tooLarge(m.size)).map((m) => m.uid);
    if (heads.length > 0) {
      for await (const message of imap.fetch(heads.join(','), { uid: true, source: { maxLength: headBytes } }, { uid: true })) {
        if (message.source) sources.set(message.uid, message.source);
      }
    }
    // A message listed but sent without its source is skipped only once the server confirms it is gone
    // (expunged between the two FETCHes). Still there (a read error on the server, throttling, a partial
    // answer): the session fails before anything of this batch is stored, and is retried from here.
    const missing = batch.filter((m) => !sources.has(m.uid)).map((m) => m.uid);
    if (missing.length > 0) {
      const still = (await imap.search({ uid: missing.join(',') }, { uid: true })) || [];
      if (still.length > 0) {
        throw new Error(`the server sent no source for UID ${still.join(', ')} although the folder still holds it: not passed, fetched again at the next attempt`);
      }
      log.info({ emailAccountId: lease.accountId, uids: missing }, 'messages expunged before their source was read: nothing to store');
    }
    const done: number[] = [];
    let stored = 0;
    const messages = batch.flatMap(({ uid, size }): FetchedMessage[] => {
      const raw = sources.get(uid);
      if (!raw) return [];
      if (tooLarge(size)) {
        const { key, messageId } = dedupKey(raw, { body: false });
        return [{ uidValidity, uid, raw: null, size, dedupKey: key, messageId, tooLarge: tooLargeAtFetchDetail(size, settings.maxFetchBytes) }];
      }
      const { key, messageId } = dedupKey(raw);
      return [{ uidValidity, uid, raw, dedupKey: key, messageId }];
    });
    for (let i = 0; i < messages.length; i += settings.storeBatch) {
      const group = messages.slice(i, i + settings.storeBatch);
      const outcomes: StoreOutcome[] = await db.transaction((tx) => storeFetchedMessages(tx, lease, group));
      for (const [k, message] of group.entries()) {
        lease.lastUid = Math.max(lease.lastUid, message.uid);
        done.push(message.uid);
        if (outcomes[k] === 'stored') stored += 1;
        if (outcomes[k] === 'duplicate') log.info({ emailAccountId: lease.accountId, uid: message.uid, dedupKey: message.dedupKey }, 'duplicate email recorded');
      }
    }
    lease.lastUid = Math.max(lease.lastUid, batch.at(-1)!.uid);
    if (stored > 0) context.onStored();
    backlog -= batch.length;
    // Only now, the mail safely stored: flag it read. Progress never depends on this flag.
    if (done.length > 0) {
      await imap.messageFlagsAdd(done.join(','), ['\\Seen'], { uid: true }).catch((err: unknown) => log.warn({ err, emailAccountId: lease.accountId }, 'could not flag fetched mail \\Seen'));
    }
    if (found.length > 0) await recordBacklog(db.client, lease.accountId, backlog);
  }
  if (running()) await recordSync(db.client, lease.accountId, found.length);
}
