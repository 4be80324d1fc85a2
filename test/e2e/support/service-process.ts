import { spawn } from 'node:child_process';
import path from 'node:path';
import { waitFor } from '@helpdesk/testing';

const root = path.join(__dirname, '..', '..', '..');

/**
 * A built service (services/<name>/dist/main.js, so `npm run build` first) in a process of its own,
 * as `npm start` and the containers run it; `preload` is a module node loads first (`node -r`).
 */
export function runServiceProcess(service: string, env: Record<string, string>, options: { preload?: string } = {}) {
  const args = [...(options.preload ? ['-r', options.preload] : []), path.join(root, 'services', service, 'dist', 'main.js')];
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Waits until the service on `port` answers ready. */
export function waitUntilReady(service: string, port: number): Promise<unknown> {
  return waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200, {
    what: `${service} to be ready`,
    timeoutMs: 30_000,
    intervalMs: 100,
  });
}
