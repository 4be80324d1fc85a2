import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { appendFile, chmod, mkdir, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { freePort, uniqueSuffix } from './environment.js';
import { waitFor } from './wait-for.js';

const run = promisify(execFile);
// Where Debian's dovecot-core puts them; /usr/sbin is not on every PATH.
const DOVECOT = '/usr/sbin/dovecot';
const DOVEADM = '/usr/bin/doveadm';

/** Every private Dovecot lives in a temp folder named with this, so a later run can sweep what a killed run left. */
export const TEST_DOVECOT_PREFIX = 'hdt-dovecot-';
const staleAfterMs = 2 * 60 * 60 * 1000;

export interface MailboxUser {
  /** The IMAP login, usually the mailbox's address (`support@helpdesk.example`). */
  user: string;
  password: string;
}

export interface TestDovecot {
  host: string;
  port: number;
  /** The instance's folder: configuration, users file, maildirs, log. */
  dir: string;
  /** Adds a mailbox user, ready for its first login when this resolves. */
  addUser(user: MailboxUser): Promise<void>;
  /** An IMAP client signed in as the user (plain text, as the instance speaks); its errors are left to the caller's commands. */
  connect(user: MailboxUser): Promise<ImapFlow>;
  /** Runs doveadm against this instance, e.g. `doveadm('mailbox', 'update', '-u', user, '--uid-validity', '7', 'INBOX')`. */
  doveadm(...args: string[]): Promise<string>;
  /** Stops the server (every connection drops); the mail stays, and `start` brings it back on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and removes its folder. */
  close(): Promise<void>;
}

/**
 * XOAUTH2 sign-in as Microsoft 365 and Gmail offer it: Dovecot asks the URL (RFC 7662 token
 * introspection, form POST) whether the access token is active and whose it is.
 */
export interface TestDovecotOAuth2 {
  introspectionUrl: string;
}

function oauth2Configuration(dir: string, oauth2: TestDovecotOAuth2 | undefined): { mechanisms: string; passdb: string } {
  if (!oauth2) return { mechanisms: 'plain login', passdb: '' };
  return {
    mechanisms: 'plain login xoauth2',
    passdb: `passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${dir}/oauth2.conf
}
`,
  };
}

function configuration(dir: string, port: number, oauth2?: TestDovecotOAuth2): string {
  const sign = oauth2Configuration(dir, oauth2);
  // The recipe of shared/notes/infrastructure.md. first_valid_uid = 1: without it the login succeeds
  // and the session then dies ("Mail access for users with UID ... not permitted").
  return `protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
first_valid_uid = 1
first_valid_gid = 1
auth_mechanisms = ${sign.mechanisms}
mail_location = maildir:${dir}/mail/%u
default_login_user = dovenull
default_internal_user = dovecot
default_internal_group = dovecot
${sign.passdb}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    port = ${port}
  }
}
`;
}

/** Whether a process runs; a zombie (killed, not yet reaped by its new parent) counts as gone. */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

async function masterPid(dir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(path.join(dir, 'run', 'master.pid'), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** The processes a Dovecot master started (login, imap, auth, log…). */
function childrenOf(master: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === master) children.push(Number(entry));
    } catch {
      // Ended while we looked.
    }
  }
  return children;
}

/**
 * Stops an instance and every process it started. The master exits first and its imap processes
 * notice only seconds later; they are ended at once so that a stop drops every connection, as a
 * server going down does.
 */
async function stopInstance(dir: string): Promise<void> {
  const pid = await masterPid(dir);
  if (pid === undefined || !processIsRunning(pid)) return;
  const children = childrenOf(pid);
  try {
    await run(DOVEADM, ['-c', path.join(dir, 'dovecot.conf'), 'stop']);
  } catch {
    process.kill(pid, 'SIGTERM');
  }
  await waitFor(() => !processIsRunning(pid) || undefined, { timeoutMs: 15_000, what: `Dovecot (pid ${pid}) to stop` });
  for (const child of children) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await waitFor(() => children.every((child) => !processIsRunning(child)) || undefined, { timeoutMs: 15_000, what: 'Dovecot\'s processes to end' });
}

/**
 * Stops and removes the Dovecots of runs that were killed: folders whose test process is gone, or
 * older than two hours (the age the test databases are swept at).
 */
async function sweepLeftovers(): Promise<void> {
  const tmp = os.tmpdir();
  for (const name of await readdir(tmp)) {
    if (!name.startsWith(TEST_DOVECOT_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      // Named by uniqueSuffix(): the creation time in base 36, then 6 hex digits.
      const created = parseInt(name.slice(TEST_DOVECOT_PREFIX.length, -6), 36);
      const age = Number.isFinite(created) ? Date.now() - created : Infinity;
      // A folder without its owner file is one being made right now, or a wreck once it is old.
      const owner = Number((await readFile(path.join(dir, 'owner.pid'), 'utf8').catch(() => '0')).trim());
      if (owner === process.pid || ((owner === 0 || processIsRunning(owner)) && age < staleAfterMs)) continue;
      await stopInstance(dir);
      await rm(dir, { recursive: true, force: true });
    } catch {
      // Another file's sweep got there first, or the folder is half-made: the next sweep takes it.
    }
  }
}

/**
 * Starts Dovecot's master, which puts itself in the background. Its output goes to a file, not to a
 * pipe: the daemon keeps what it inherits open, and a pipe would never close.
 */
async function startDaemon(conf: string, errorsFile: string): Promise<void> {
  const errors = await open(errorsFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(DOVECOT, ['-c', conf], { stdio: ['ignore', errors.fd, errors.fd] });
      child.once('error', reject);
      child.once('exit', resolve);
    });
    if (code !== 0) throw new Error(`Dovecot did not start (exit ${code}): ${await readFile(errorsFile, 'utf8')}`);
  } finally {
    await errors.close();
  }
}

/** Whether the server greets a new connection (its login process may take a moment to start). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (greeted: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(greeted);
    };
    const timer = setTimeout(() => done(false), 2000);
    socket.once('data', (greeting) => done(greeting.toString().startsWith('* OK')));
    socket.once('error', () => done(false));
    socket.once('close', () => done(false));
  });
}

/**
 * A private Dovecot IMAP server for one test file: its own folder, port, users and maildirs, run
 * as the machine's `dovecot` package installs it (`.ci/run` installs `dovecot-imapd`). Needs root,
 * as CI and the project's machines run tests.
 */
export async function startTestDovecot(options: { users?: MailboxUser[]; oauth2?: TestDovecotOAuth2 } = {}): Promise<TestDovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error('Dovecot is not installed: `apt-get install -y dovecot-imapd` (bash .ci/run does it)');
  }
  await sweepLeftovers();
  const dir = path.join(os.tmpdir(), `${TEST_DOVECOT_PREFIX}${uniqueSuffix()}`);
  const port = await freePort();
  const conf = path.join(dir, 'dovecot.conf');
  await mkdir(path.join(dir, 'mail'), { recursive: true });
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, 'owner.pid'), String(process.pid));
  await writeFile(path.join(dir, 'users'), '');
  await writeFile(conf, configuration(dir, port, options.oauth2));
  if (options.oauth2) {
    await writeFile(
      path.join(dir, 'oauth2.conf'),
      `introspection_url = ${options.oauth2.introspectionUrl}\nintrospection_mode = post\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n`,
    );
  }
  // Mail processes run as `dovecot`: the maildirs must be theirs.
  await run('chown', ['dovecot:dovecot', path.join(dir, 'mail')]);

  let started = false;
  const addUser = async ({ user, password }: MailboxUser) => {
    if (/[:\s]/.test(user) || /[\n:]/.test(password)) throw new Error(`A mailbox user or password with ':' or a line break cannot be written to the users file: ${user}`);
    await appendFile(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
    // The auth process looks at the file at most once a second: a login right after would miss the user.
    if (started) await new Promise((resolve) => setTimeout(resolve, 1100));
  };
  const start = async () => {
    await startDaemon(conf, path.join(dir, 'start-errors.log'));
    await waitFor(async () => (await greets(port)) || undefined, { timeoutMs: 15_000, what: `Dovecot to accept connections on port ${port}` });
  };
  for (const user of options.users ?? []) await addUser(user);
  await start();
  started = true;
  return {
    host: '127.0.0.1',
    port,
    dir,
    addUser,
    connect: async ({ user, password }) => {
      const imap = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      // A dropped connection (the server stopped by a test) surfaces through the next command, not the process.
      imap.on('error', () => undefined);
      await imap.connect();
      return imap;
    },
    doveadm: async (...args: string[]) => (await run(DOVEADM, ['-c', conf, ...args])).stdout,
    stop: () => stopInstance(dir),
    start,
    close: async () => {
      await stopInstance(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
