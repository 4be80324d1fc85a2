import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ParsedEmail } from '../domain/parse-email.js';
import type { ParseReply, ParseRequest } from './parse-worker.js';

/** How long a fresh parsing thread may take to load mailparser before it counts as broken. */
const startupLimitMs = 30_000;

/** Why a parse did not give an email: the time limit, or an error of the parser (or of its thread). */
export class ParseFailure extends Error {
  constructor(
    readonly reason: 'parse-timeout' | 'parse-failed',
    message: string,
  ) {
    super(message);
  }
}

export interface ParserPoolOptions {
  /** Threads at most (one email each at a time). */
  size: number;
  timeoutMs: number;
  /** Heap of one thread, in MB: a message that needs more ends its thread (parse-failed), never the process. */
  maxHeapMb?: number;
  /** The worker's module; tests put one that misbehaves. Default: parse-worker beside this file. */
  entry?: string;
}

/**
 * mailparser in worker threads (issue 11 §3: a time limit): each email is parsed in a thread of its
 * own; one that has not answered within `timeoutMs` is terminated (the parse is a `parse-timeout`)
 * and replaced by a fresh thread at the next parse. Threads are kept between emails (starting one
 * and loading mailparser costs more than most parses).
 */
export class ParserPool {
  private readonly idle: Worker[] = [];
  private readonly all = new Set<Worker>();
  /** Resolves once a thread has loaded its module and listens. */
  private readonly started = new WeakMap<Worker, Promise<void>>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ParserPoolOptions) {}

  async parse(raw: Buffer): Promise<ParsedEmail> {
    if (this.closed) throw new Error('the parser pool is closed');
    const worker = this.idle.pop() ?? this.spawn();
    // The time limit is the parse's: a fresh thread first loads mailparser (and, under the tests, compiles TypeScript).
    let startTimer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        this.started.get(worker),
        new Promise((_resolve, reject) => {
          startTimer = setTimeout(() => reject(new Error(`not ready after ${startupLimitMs} ms`)), startupLimitMs);
        }),
      ]);
    } catch (error) {
      this.retire(worker);
      throw new ParseFailure('parse-failed', `The parsing thread did not start: ${(error as Error).message}`);
    } finally {
      clearTimeout(startTimer);
    }
    const id = this.nextId++;
    return new Promise<ParsedEmail>((resolve, reject) => {
      let settled = false;
      const finish = (keep: boolean, outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (keep && !this.closed && this.idle.length < this.options.size) this.idle.push(worker);
        else this.retire(worker);
        outcome();
      };
      const onMessage = (reply: ParseReply) => {
        if (reply.id !== id) return;
        if (reply.ok) finish(true, () => resolve(revive(reply.email)));
        else finish(true, () => reject(new ParseFailure('parse-failed', `mailparser could not read the email: ${reply.message}`)));
      };
      const onError = (error: Error) => finish(false, () => reject(new ParseFailure('parse-failed', `Parsing ended with an error: ${error.message}`)));
      const onExit = (code: number) => finish(false, () => reject(new ParseFailure('parse-failed', `The parsing thread stopped (exit code ${code}).`)));
      const timer = setTimeout(
        () => finish(false, () => reject(new ParseFailure('parse-timeout', `Parsing took longer than ${this.options.timeoutMs} ms (PARSE_TIMEOUT_MS) and was stopped.`))),
        this.options.timeoutMs,
      );
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      const request: ParseRequest = { id, raw: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) };
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.all].map((worker) => worker.terminate()));
    this.idle.length = 0;
  }

  private spawn(): Worker {
    const { entry, typescript } = workerEntry(this.options.entry);
    const worker = new Worker(bootstrap, {
      eval: true,
      workerData: { entry, typescript, swc: typescript ? require.resolve('@swc/core') : null },
      resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 512 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    this.all.add(worker);
    this.started.set(
      worker,
      new Promise<void>((resolve, reject) => {
        const onReady = (message: unknown) => {
          if ((message as { ready?: boolean } | null)?.ready !== true) return;
          worker.off('message', onReady);
          resolve();
        };
        worker.on('message', onReady);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`exit code ${code}`)));
      }),
    );
    // A parse listens for its own thread's errors; one that fails while idle just leaves the pool.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      this.all.delete(worker);
      const idle = this.idle.indexOf(worker);
      if (idle >= 0) this.idle.splice(idle, 1);
    });
    return worker;
  }

  private retire(worker: Worker): void {
    this.all.delete(worker);
    void worker.terminate();
  }
}

/** Buffers cross threads as Uint8Arrays: make the attachments' bytes Buffers again. */
function revive(email: ParsedEmail): ParsedEmail {
  for (const attachment of email.attachments) {
    attachment.content = Buffer.from(attachment.content.buffer, attachment.content.byteOffset, attachment.content.byteLength);
    attachment.sha256 = Buffer.from(attachment.sha256);
  }
  return email;
}

/**
 * The compiled worker beside this file; when this file runs as TypeScript (the tests, through swc),
 * the worker's TypeScript is compiled on load by @swc/core (a development dependency) instead.
 */
function workerEntry(entry: string | undefined): { entry: string; typescript: boolean } {
  const typescript = path.extname(__filename) === '.ts';
  return { entry: entry ?? path.join(__dirname, `parse-worker${typescript ? '.ts' : '.js'}`), typescript };
}

// Runs first in every worker: in TypeScript mode it teaches require() to compile .ts (and to find a
// `./x.js` import as `./x.ts`), then loads the worker's module.
const bootstrap = `
const { workerData } = require('node:worker_threads');
if (workerData.typescript) {
  const fs = require('node:fs');
  const Module = require('node:module');
  const { transformSync } = require(workerData.swc);
  require.extensions['.ts'] = (module, filename) => {
    const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } });
    module._compile(code, filename);
  };
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, parent, ...rest) {
    if (request.startsWith('.') && request.endsWith('.js')) {
      try { return resolve.call(this, request.slice(0, -3) + '.ts', parent, ...rest); } catch {}
    }
    return resolve.call(this, request, parent, ...rest);
  };
}
require(workerData.entry);
require('node:worker_threads').parentPort.postMessage({ ready: true });
`;
