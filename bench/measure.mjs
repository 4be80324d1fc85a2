// What the benchmarks share: the closed load loop, latency percentiles, CPU time from /proc and the printed tables.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withDatabase(url, name) {
  const copy = new URL(url);
  copy.pathname = `/${name}`;
  return copy.toString();
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function latencyStats(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  const mean = sorted.length ? sorted.reduce((a, b) => a + b, 0) / sorted.length : NaN;
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN, mean };
}

export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
export const fmtInt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '–');

export function table(headers, rows, align) {
  const cells = [headers, ...rows].map((row) => row.map((c) => String(c)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const line = (row) =>
    '  ' + row.map((c, i) => ((align?.[i] ?? (i === 0 ? 'l' : 'r')) === 'l' ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ');
  return [line(cells[0]), '  ' + widths.map((w) => '-'.repeat(w)).join('   '), ...cells.slice(1).map(line)].join('\n');
}

/**
 * Runs `once(worker)` in a closed loop on `concurrency` workers until the time is up (or `stopped()`).
 * `once` resolves true for a success, or a string naming the failure; `admit()`, when given, is
 * awaited before each call and not counted in the latency (flow control).
 */
export async function closedLoop({ seconds, concurrency, once, admit, stopped = () => false }) {
  const latencies = [];
  const errors = new Map();
  let ok = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline && !stopped()) {
        if (admit) {
          await admit(deadline);
          if (performance.now() >= deadline || stopped()) break;
        }
        const t0 = performance.now();
        let outcome;
        try {
          outcome = await once(worker);
        } catch (error) {
          outcome = error?.code ? `${error.code}` : String(error?.message ?? error).slice(0, 120);
        }
        const ms = performance.now() - t0;
        if (outcome === true) {
          ok++;
          latencies.push(ms);
        } else {
          errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
          if (typeof outcome === 'string' && !/^HTTP /.test(outcome)) await sleep(10); // no hot spin on a dead socket
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return { ok, errorCount, errors, elapsed, rate: ok / elapsed, latencies, ...latencyStats(latencies) };
}

/**
 * Starts `once()` at a steady `rate` per second for `seconds`, whatever the answers take (an open
 * loop: the load a busy helpdesk sees, unlike a closed loop, which slows down with the system).
 */
export async function openLoop({ seconds, rate, once, stopped = () => false }) {
  const latencies = [];
  const errors = new Map();
  const inFlight = new Set();
  let ok = 0;
  const started = performance.now();
  const intervalMs = 1000 / rate;
  for (let i = 0; started + i * intervalMs < started + seconds * 1000 && !stopped(); i++) {
    const wait = started + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const t0 = performance.now();
    const call = Promise.resolve()
      .then(once)
      .catch((error) => (error?.code ? `${error.code}` : String(error?.message ?? error).slice(0, 120)))
      .then((outcome) => {
        if (outcome === true) {
          ok++;
          latencies.push(performance.now() - t0);
        } else errors.set(outcome, (errors.get(outcome) ?? 0) + 1);
      });
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
  return { ok, errorCount, errors, elapsed, rate: ok / elapsed, latencies, ...latencyStats(latencies) };
}

let clockTicks = 100;
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  /* keep 100 */
}

/** User + system CPU seconds a process has used so far (from /proc), or undefined once it is gone. */
export function cpuSecondsOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks; // utime + stime
  } catch {
    return undefined;
  }
}

/**
 * Deletes everything the bus may have declared under `prefix`: every service declares every
 * consumer's queue and its dead-letter queue (libs/contracts-schema's eventConsumers), the unrouted
 * queue and the exchanges. Uses the built dist's names, so it follows the code.
 */
export async function deleteBusTopology(amqpUrl, prefix) {
  const bus = require(path.join(root, 'libs/bus/dist/index.js'));
  const { eventConsumers } = require(path.join(root, 'libs/contracts-schema/dist/index.js'));
  const names = bus.busNames(prefix);
  const queues = Object.keys(eventConsumers).flatMap((service) => {
    const queue = bus.consumerQueueOf(names, service);
    return [queue, bus.deadLetterQueueOf(queue)];
  });
  const connection = await amqp.connect(amqpUrl);
  try {
    // A failed operation closes its channel, so each one gets a channel of its own.
    const attempt = async (fn) => {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        await fn(channel);
        await channel.close();
      } catch {
        /* already gone */
      }
    };
    for (const queue of [...queues, names.unrouted]) await attempt((c) => c.deleteQueue(queue));
    for (const exchange of [names.events, names.deadLetter, names.unrouted]) await attempt((c) => c.deleteExchange(exchange));
  } finally {
    await connection.close().catch(() => undefined);
  }
}
