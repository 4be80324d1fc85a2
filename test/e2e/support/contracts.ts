import { waitFor, type JsonResponse, type ReceivedMail } from '@helpdesk/testing';
import type { System } from './system';

/** A calendar day (YYYY-MM-DD, UTC) `days` from today: contract terms and time entries are UTC days. */
export function dayFromToday(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A 422 problem document naming `field`, with a message that says the rule. */
export function expectFieldRule(answer: JsonResponse, field: string, rule: RegExp = /./): void {
  expect({ status: answer.status, type: answer.body?.type }).toEqual({ status: 422, type: expect.any(String) });
  const named = (answer.body.errors ?? []) as Array<{ pointer: string; message: string }>;
  expect(named).toContainEqual({ pointer: `/${field}`, message: expect.stringMatching(rule) });
}

/**
 * Whether an answer says that `minutes` remain: as a number of minutes in a field, or in its text as
 * hours and minutes ("1 hour and 15 minutes", "1 h 15 min", "1:15") or as decimal hours ("1.25 hours").
 */
export function saysRemaining(body: unknown, minutes: number): boolean {
  const record = body as Record<string, unknown>;
  if (record.remainingMinutes === minutes) return true;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const text = JSON.stringify(body);
  const hoursAndMinutes = new RegExp(`\\b${hours}\\s*(hours?|hrs?|h)\\W+(and\\s+)?${rest}\\s*(minutes?|mins?|m)\\b`, 'i');
  const clock = new RegExp(`\\b${hours}:${String(rest).padStart(2, '0')}\\b`);
  const decimal = new RegExp(`(?<![\\d.])${Number((minutes / 60).toFixed(2))}\\s*(hours?|h)\\b`, 'i');
  const onlyMinutes = new RegExp(`(?<![\\d.])${minutes}\\s*(minutes?|mins?)\\b`, 'i');
  return [hoursAndMinutes, clock, decimal, onlyMinutes].some((pattern) => pattern.test(text));
}

export interface Person {
  id: string;
  email: string;
}

export interface Agent extends Person {
  token: string;
}

/** A time entry as the API answers it: what a change or deletion needs, and whatever else it shows. */
export interface TimeEntry {
  id: string;
  version: number;
  [field: string]: unknown;
}

/** What the contract stories do through the gateway: the people, the contracts, the tickets on them and the time logged. */
export function contractActions(system: () => System, adminToken: () => string) {
  const call = (token: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    system().api(method, path, { token, body, ...(headers ? { headers } : {}) });
  const asAdmin = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(adminToken(), method, path, body, headers);

  async function expectStatus(answer: Promise<JsonResponse>, status: number, what: string): Promise<JsonResponse> {
    const done = await answer;
    if (done.status !== status) throw new Error(`${what}: ${done.status} ${JSON.stringify(done.body)}`);
    return done;
  }

  async function addCustomer(name: string): Promise<string> {
    return (await expectStatus(asAdmin('POST', '/api/customers', { name }), 201, `customer ${name}`)).body.id;
  }

  /** A contact as an administrator adds one (the portal invites them: that email is not what these stories look at). */
  async function addContact(customerId: string, email: string): Promise<Person> {
    const local = email.slice(0, email.indexOf('@'));
    const added = await expectStatus(asAdmin('POST', `/api/customers/${customerId}/contacts`, { firstName: local, lastName: 'Contact', email }), 201, `contact ${email}`);
    return { id: added.body.id, email };
  }

  /** A staff user (an agent unless `role`), signed in. */
  async function addStaff(email: string, options: { role?: 'admin' | 'agent'; permissions?: string[] } = {}): Promise<Agent> {
    const password = `password of ${email}`;
    const local = email.slice(0, email.indexOf('@'));
    const created = await expectStatus(asAdmin('POST', '/api/staff', { email, name: `Staff ${local}`, password, ...options }), 201, `staff user ${email}`);
    const login = await expectStatus(system().api('POST', '/api/auth/login', { body: { email, password } }), 200, `login of ${email}`);
    return { id: created.body.id, email, token: login.body.accessToken };
  }

  /**
   * Creates a contract as the administrator. The contracts service learns of customers, contacts and
   * staff users from events: until it knows the people named, it refuses them (422 naming them); this
   * waits for that, and fails on any other answer.
   */
  async function createContract(body: Record<string, unknown>): Promise<Record<string, any>> {
    const people = new Set(['/customerId', '/customerContactId', '/supportContactId', '/supportManagerId']);
    let last: JsonResponse | undefined;
    const created = await waitFor(
      async () => {
        last = await asAdmin('POST', '/api/contracts', body);
        if (last.status === 201) return last;
        const learning = last.status === 422 && (last.body.errors ?? []).every((problem: { pointer: string }) => people.has(problem.pointer));
        if (!learning) throw new Error(`creating the contract ${JSON.stringify(body)}: ${last.status} ${JSON.stringify(last.body)}`);
        return undefined;
      },
      { what: 'the contracts service to know the people of a contract', timeoutMs: 20_000, intervalMs: 200 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`);
    });
    return created.body;
  }

  const contract = async (id: string) => (await expectStatus(asAdmin('GET', `/api/contracts/${id}`), 200, `contract ${id}`)).body;

  /**
   * Opens a ticket as the administrator (or `token`). The tickets service learns of customers, contacts
   * and contracts from events: this retries while it does not know them yet (a 409 asking to try again,
   * or the contract refused), up to `timeoutMs`.
   */
  async function openTicket(body: Record<string, unknown>, token = adminToken(), timeoutMs = 20_000): Promise<JsonResponse> {
    let last: JsonResponse | undefined;
    return waitFor(
      async () => {
        last = await call(token, 'POST', '/api/tickets', { description: 'Worked under a contract.', ...body });
        if (last.status === 201) return last;
        const learning =
          (last.status === 409 && /set up|not known|try again/i.test(last.body.detail)) ||
          ([400, 422].includes(last.status) && (last.body.errors ?? []).some((problem: { pointer: string }) => ['/contractId', '/customerId', '/contactId'].includes(problem.pointer)));
        if (!learning) throw new Error(`opening a ticket ${JSON.stringify(body)}: ${last.status} ${JSON.stringify(last.body)}`);
        return undefined;
      },
      { what: 'the tickets service to accept the ticket', timeoutMs, intervalMs: 200 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`);
    });
  }

  /** Waits until opening this ticket is refused with 422 naming the contract (the tickets service learnt what makes it wrong). */
  async function ticketRefusedContract(body: Record<string, unknown>): Promise<JsonResponse> {
    let last: JsonResponse | undefined;
    return waitFor(
      async () => {
        last = await asAdmin('POST', '/api/tickets', { description: 'Worked under a contract.', ...body });
        return last.status === 422 && (last.body.errors ?? []).some((problem: { pointer: string }) => problem.pointer === '/contractId') ? last : undefined;
      },
      { what: 'the ticket to be refused its contract', timeoutMs: 20_000, intervalMs: 200 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`);
    });
  }

  /** Sets (or clears) a ticket's contract, with the ticket's current version. */
  async function setTicketContract(ticketId: string, contractId: string | null): Promise<JsonResponse> {
    const current = await expectStatus(asAdmin('GET', `/api/tickets/${ticketId}`), 200, `ticket ${ticketId}`);
    return asAdmin('PATCH', `/api/tickets/${ticketId}`, { contractId }, { 'if-match': current.headers.get('etag')! });
  }

  async function closeTicket(ticketId: string): Promise<JsonResponse> {
    const current = await expectStatus(asAdmin('GET', `/api/tickets/${ticketId}`), 200, `ticket ${ticketId}`);
    return expectStatus(asAdmin('PUT', `/api/tickets/${ticketId}/status`, { status: 'closed' }, { 'if-match': current.headers.get('etag')! }), 200, `closing ${ticketId}`);
  }

  const logTime = (entry: { ticketId: string; minutes: number; workedOn?: string; note?: string; confirmOverLimit?: boolean }, token = adminToken()) =>
    call(token, 'POST', '/api/time-entries', { workedOn: dayFromToday(), note: 'Worked on it', ...entry });

  /**
   * The first entry on a new ticket: the contracts service learns of tickets (and their contract) from
   * the tickets service's events, so this retries until the entry is accepted, and fails if it never is.
   */
  async function logFirstTime(entry: Parameters<typeof logTime>[0], token = adminToken()): Promise<TimeEntry> {
    let last: JsonResponse | undefined;
    const logged = await waitFor(
      async () => {
        last = await logTime(entry, token);
        return last.status === 201 ? last : undefined;
      },
      { what: 'the contracts service to know the ticket', timeoutMs: 20_000, intervalMs: 200 },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; last answer ${last?.status} ${JSON.stringify(last?.body)}`);
    });
    return logged.body;
  }

  /** Deletes a time entry as its author (the administrator unless `token`), at its current version. */
  async function deleteTime(entry: TimeEntry, token = adminToken()): Promise<JsonResponse> {
    return call(token, 'DELETE', `/api/time-entries/${entry.id}`, { version: entry.version }, { 'if-match': `"${entry.version}"` });
  }

  /** The emails the SMTP server received that are about `subjectOrText` (a contract's description, unique to the story). */
  const mailsAbout = (subjectOrText: string): ReceivedMail[] =>
    system().smtp.received.filter((mail) => `${mail.parsed.subject ?? ''}\n${mail.parsed.text ?? ''}`.includes(subjectOrText));

  /**
   * Waits until each address got `count` emails about `subjectOrText`, then until none arrived for
   * `quietMs` (a second copy would come within it); resolves to who got how many.
   */
  async function settledMailsAbout(subjectOrText: string, addresses: string[], count: number, quietMs = 2500): Promise<Record<string, number>> {
    const tally = () => {
      const counts: Record<string, number> = {};
      for (const mail of mailsAbout(subjectOrText)) for (const to of mail.to) counts[to.toLowerCase()] = (counts[to.toLowerCase()] ?? 0) + 1;
      return counts;
    };
    await waitFor(() => addresses.every((address) => (tally()[address.toLowerCase()] ?? 0) >= count), {
      what: `${count} email(s) about "${subjectOrText}" to each of ${addresses.join(', ')} (so far: ${JSON.stringify(tally())})`,
      timeoutMs: 20_000,
    }).catch((error: Error) => {
      throw new Error(`${error.message}; received: ${JSON.stringify(tally())}`);
    });
    let seen = mailsAbout(subjectOrText).length;
    let since = Date.now();
    await waitFor(
      () => {
        const now = mailsAbout(subjectOrText).length;
        if (now !== seen) {
          seen = now;
          since = Date.now();
        }
        return Date.now() - since >= quietMs;
      },
      { what: 'the emails to settle', timeoutMs: 20_000, intervalMs: 100 },
    );
    return tally();
  }

  return {
    call,
    asAdmin,
    expectStatus,
    addCustomer,
    addContact,
    addStaff,
    createContract,
    contract,
    openTicket,
    ticketRefusedContract,
    setTicketContract,
    closeTicket,
    logTime,
    logFirstTime,
    deleteTime,
    mailsAbout,
    settledMailsAbout,
  };
}
