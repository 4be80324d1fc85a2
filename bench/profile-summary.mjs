#!/usr/bin/env node
// Where a service's CPU went, from the V8 profiles that `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench`
// writes (one .cpuprofile per service process): self time grouped by what ran it (a package, Node's
// own internals, the garbage collector, our libs and services), and the hottest functions.
//
//   node bench/profile-summary.mjs DIR [top=15]
//
// Each file is named after the process (CPU.<date>.<pid>...); the bench prints the services' pids.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fmt, table } from './measure.mjs';

const [dir, topArg] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/profile-summary.mjs DIR [top]\n');
  process.exit(2);
}
const top = Number(topArg ?? 15);

/** What a stack frame belongs to: a package, a part of this repository, Node itself, or V8's own work. */
function ownerOf(frame) {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'V8: garbage collector';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return 'V8: (program: compiling, runtime)';
    return `V8: ${functionName || 'native'}`;
  }
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/(libs|services)\/([^/]+)\//.exec(url);
  if (ours) return `${ours[1]}/${ours[2]}`;
  return url;
}

for (const file of readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).sort()) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
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
  const rows = (map) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => [name.slice(0, 110), fmt(us / 1000, 0), fmt((100 * us) / busyUs, 1)]);
  process.stdout.write(`\n${file}: ${fmt(busyUs / 1e6, 2)} s of CPU sampled (idle left out)\n`);
  process.stdout.write(`${table(['by owner', 'ms', '%'], rows(owners), ['l', 'r', 'r'])}\n\n`);
  process.stdout.write(`${table(['hottest functions (self time)', 'ms', '%'], rows(functions), ['l', 'r', 'r'])}\n`);
}
