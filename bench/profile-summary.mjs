#!/usr/bin/env node
// Where a service's CPU went, from the V8 profiles that `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench`
// writes (one .cpuprofile per service process): self time grouped by what ran it (a package, Node's
// own internals, the garbage collector, our libs and services), and the hottest functions.
//
//   node bench/profile-summary.mjs DIR [top=15]
//
// The bench also writes DIR/window.json: which process is which service, and when its measured
// window was; only the samples of that window are counted then (start-up and the other phases are
// left out), and the figures are also given per ticket. Without it, whole processes are counted.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, table } from './measure.mjs';

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/profile-summary.mjs DIR [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 15);
const windowFile = path.join(dir, 'window.json');
const window = existsSync(windowFile) ? JSON.parse(readFileSync(windowFile, 'utf8')) : undefined;

/** What a stack frame belongs to: a package, a part of this repository, Node itself, or V8's own work. */
function ownerOf(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return 'V8: (program: compiling, runtime)';
    return `V8: ${functionName || 'native'}`;
  }
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const pid = file.split('.')[3];
  const measured = window?.processes[pid];
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  let atUs = 0;
  profile.samples.forEach((id, i) => {
    atUs += profile.timeDeltas[i] ?? 0;
    if (measured && (atUs / 1e6 < measured.fromSeconds || atUs / 1e6 >= measured.toSeconds)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const owners = new Map();
  const functions = new Map();
  let busyUs = 0;
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const owner = ownerOf(frame);
    if (owner === '(idle)') continue;
    busyUs += us;
    owners.set(owner, (owners.get(owner) ?? 0) + us);
    const name = `${frame.functionName || '(anonymous)'} ${owner}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const unit = window?.unit ?? 'ticket';
  const perTicket = measured && window.tickets > 0 ? (us) => fmt(us / 1000 / window.tickets, 3) : undefined;
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => [name.slice(0, 110), fmt(us / 1000, 0), fmt((100 * us) / busyUs, 1), ...(perTicket ? [perTicket(us)] : [])]);
  const columns = ['ms', '%', ...(perTicket ? [`ms per ${unit}`] : [])];
  const title = measured
    ? `${measured.service} (${file}): ${fmt(busyUs / 1e6, 2)} s of CPU in the measured window, ${window.tickets} ${unit}s, ${perTicket(busyUs)} ms per ${unit}`
    : `${file}: ${fmt(busyUs / 1e6, 2)} s of CPU over the whole process`;
  process.stdout.write(`\n${title} (idle left out)\n`);
  process.stdout.write(`${table(['by owner', ...columns], rows(owners), ['l', 'r', 'r', 'r'])}\n\n`);
  process.stdout.write(`${table(['hottest functions (self time)', ...columns], rows(functions), ['l', 'r', 'r', 'r'])}\n`);
}
