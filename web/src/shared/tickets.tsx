import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import { api, ApiError, query } from './api';
import { EmailHtml } from './EmailHtml';
import { ErrorNotice, Loading } from './components';
import { ResponsiveTable, type Column } from './ResponsiveTable';

/** What both applications show of tickets: their statuses, notes, attachments, and lists paged by cursor. */

export const ticketStatuses = ['new', 'open', 'pending', 'resolved', 'closed'] as const;
export const ticketPriorities = ['low', 'normal', 'high', 'urgent'] as const;

/** The statuses a person still waits on: the default filter of both lists is "all", this is one choice. */
export const unresolvedStatuses = 'new,open,pending';

/** The options of a status filter: all, the unresolved ones, or one. */
export function StatusOptions() {
  return (
    <>
      <option value="">All</option>
      <option value={unresolvedStatuses}>Not yet resolved</option>
      {ticketStatuses.map((status) => (
        <option key={status} value={status}>
          {status}
        </option>
      ))}
    </>
  );
}

export interface Attachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  url: string;
}

export interface NoteBase {
  id: string;
  body: string;
  /** The sanitised HTML of the email the note is; null for notes written in the pages. */
  bodyHtml: string | null;
  createdAt: string;
  attachments: Attachment[];
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString();
}

export { formatMinutes } from './format';

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Download links: the session cookie authorises them (GET /api/attachments/{id}). */
export function AttachmentList({ attachments, label = 'Attachments' }: { attachments: Attachment[]; label?: string }) {
  if (attachments.length === 0) return null;
  return (
    <div className="attachments">
      <h4>{label}</h4>
      <ul>
        {attachments.map((attachment) => (
          <li key={attachment.id}>
            <a href={attachment.url} download={attachment.filename}>
              {attachment.filename}
            </a>{' '}
            <span className="hint">
              ({attachment.contentType}, {formatSize(attachment.size)})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Where a note's sanitised HTML is served as a document of its own, for EmailHtml. */
export function noteHtmlSrc(ticketPath: string, noteId: string): string {
  return `${ticketPath}/notes/${encodeURIComponent(noteId)}/html`;
}

/** A note's words: its email's HTML in the sandboxed frame when it has HTML, else its text. */
export function NoteContent({ note, htmlSrc, offerRemoteImages = false }: { note: NoteBase; htmlSrc: string; offerRemoteImages?: boolean }) {
  if (note.bodyHtml !== null) return <EmailHtml src={htmlSrc} title={`The email of ${formatDateTime(note.createdAt)}`} offerRemoteImages={offerRemoteImages} />;
  return <div className="note-body">{note.body}</div>;
}

interface OlderNotesState<N> {
  /** The ticket and the cursor its newest notes came with: these notes belong to them only. */
  key: string;
  notes: N[];
  cursor: string | null;
  busy: boolean;
  error: unknown;
}

/**
 * A ticket's thread: the newest notes come with the ticket; older ones a page at a time from
 * `${ticketPath}/notes?cursor=` (oldest first in each page), put before those shown. A page asked for
 * another ticket (the person moved on meanwhile) is cancelled and never shown.
 */
export function useNoteThread<N extends NoteBase>(ticketPath: string, newest: N[] | undefined, olderNotesCursor: string | null | undefined) {
  const key = `${ticketPath} ${olderNotesCursor ?? ''}`;
  const fresh: OlderNotesState<N> = { key, notes: [], cursor: olderNotesCursor ?? null, busy: false, error: undefined };
  const [state, setState] = useState<OlderNotesState<N>>(fresh);
  const older = state.key === key ? state : fresh;
  const pending = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => pending.current?.abort(), [key]);

  const loadOlder = useCallback(async () => {
    if (older.cursor === null) return;
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setState({ ...older, busy: true, error: undefined });
    try {
      const page = await api<{ items: N[]; nextCursor: string | null }>('GET', `${ticketPath}/notes${query({ cursor: older.cursor })}`, { signal: controller.signal });
      if (!controller.signal.aborted) setState({ key, notes: [...page.items, ...older.notes], cursor: page.nextCursor, busy: false, error: undefined });
    } catch (failure) {
      if (!controller.signal.aborted) setState({ ...older, busy: false, error: failure });
    }
  }, [key, ticketPath, older]);

  return { notes: [...older.notes, ...(newest ?? [])], hasOlder: older.cursor !== null, loadOlder, busy: older.busy, error: older.error };
}

/** The "older notes" control of a thread. */
export function OlderNotes({ thread }: { thread: { hasOlder: boolean; loadOlder: () => Promise<void>; busy: boolean; error: unknown } }) {
  if (!thread.hasOlder && !thread.error) return null;
  return (
    <div className="older-notes">
      <ErrorNotice error={thread.error} />
      {thread.hasOlder ? (
        <button type="button" className="secondary" onClick={() => void thread.loadOlder()} disabled={thread.busy}>
          {thread.busy ? 'Loading older notes…' : 'Show older notes'}
        </button>
      ) : null}
    </div>
  );
}

export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** What a list's history entry keeps of its paging: the cursors of the pages before the one in the address. */
interface PagingState {
  paging: { cursor: string; earlier: string[] };
}

function earlierCursors(state: unknown, cursor: string | undefined): string[] | undefined {
  if (cursor === undefined) return [];
  const paging = (state as Partial<PagingState> | null)?.paging;
  return paging?.cursor === cursor ? paging.earlier : undefined;
}

/**
 * A list paged by the API's cursor. The page shown is in the address (`cursor`, beside the filters the page
 * keeps there), so that Back from a ticket returns to the same page of the list. Cursors lead forward only:
 * those of the pages before are kept in the history entry's state, for "Previous page" and the page number;
 * a link opened afresh knows its own page only and offers the first. Setting the filters (an address
 * without `cursor`) starts at the first page.
 */
export function useCursorList<T>(path: string, filters: Record<string, string | undefined>) {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const cursor = params.get('cursor') ?? undefined;
  const earlier = earlierCursors(location.state, cursor);
  const key = `${path}${query(filters)}`;
  const [page, setPage] = useState<ListPage<T>>();
  const [error, setError] = useState<unknown>();
  const [reloads, setReloads] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setPage(undefined);
    setError(undefined);
    api<ListPage<T>>('GET', `${path}${query({ ...filters, cursor })}`, { signal: controller.signal }).then(setPage, (failure: unknown) => {
      if ((failure as Error).name !== 'AbortError') setError(failure);
    });
    return () => controller.abort();
    // `key` stands for path and filters (a new object each render, the same query).
  }, [key, cursor, reloads]);

  const show = (to: string | undefined, before: string[]) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (to === undefined) next.delete('cursor');
        else next.set('cursor', to);
        return next;
      },
      to === undefined ? {} : { state: { paging: { cursor: to, earlier: before } } satisfies PagingState },
    );
  const nextCursor = page?.nextCursor ?? null;
  return {
    page,
    error,
    /** Unknown on a later page opened by a link (its cursor says nothing of how many came before). */
    pageNumber: earlier === undefined ? undefined : cursor === undefined ? 1 : earlier.length + 2,
    next: nextCursor === null ? undefined : () => show(nextCursor, cursor === undefined ? [] : [...(earlier ?? []), cursor]),
    previous: cursor === undefined ? undefined : () => show(earlier?.at(-1), earlier?.slice(0, -1) ?? []),
    reload: () => setReloads((n) => n + 1),
  };
}

/** Previous / next of a cursor-paged list. */
export function Pager({ list, label }: { list: { pageNumber: number | undefined; next: (() => void) | undefined; previous: (() => void) | undefined }; label: string }) {
  if (!list.next && !list.previous) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" onClick={list.previous} disabled={!list.previous}>
        {list.pageNumber === undefined ? 'First page' : 'Previous page'}
      </button>
      {list.pageNumber === undefined ? null : <span>Page {list.pageNumber}</span>}
      <button type="button" className="secondary" onClick={list.next} disabled={!list.next}>
        Next page
      </button>
    </nav>
  );
}

const fieldLabels: Record<string, string> = { subject: 'Subject', description: 'Description', priority: 'Priority', locationId: 'Location', areaId: 'Area', contractId: 'Contract' };

/** A history line's words: what changed, from what to what. */
export function describeHistoryEntry(entry: HistoryLine): string {
  switch (entry.kind) {
    case 'created':
      return 'Ticket opened';
    case 'status_changed':
      return `Status changed from ${entry.from ?? 'none'} to ${entry.to ?? 'none'}`;
    case 'field_changed':
      return `${fieldLabels[entry.field ?? ''] ?? 'A field'} changed from ${entry.from ?? 'none'} to ${entry.to ?? 'none'}`;
    case 'assigned':
      return `${entry.field === 'teamId' ? 'Team' : 'Assignee'} changed`;
    case 'note_added':
      return 'Note added';
    case 'time_logged':
      return 'Time logged';
    case 'time_updated':
      return 'Time entry changed';
    case 'time_deleted':
      return 'Time entry deleted';
    default:
      return entry.kind.replace(/_/g, ' ');
  }
}

/**
 * A ticket page's ticket, read from `ticketPath` and read again by `reload` after each change. The latest
 * read wins: starting one cancels the one still under way (an older answer never overwrites a newer one),
 * and what was read for another ticket is not shown for this one.
 */
export function useTicketDetail<T>(ticketPath: string) {
  const [read, setRead] = useState<{ path: string; ticket?: T; error?: unknown }>({ path: ticketPath });
  const latest = useRef<AbortController | undefined>(undefined);
  const reload = useCallback(async () => {
    latest.current?.abort();
    const controller = new AbortController();
    latest.current = controller;
    try {
      const ticket = await api<T>('GET', ticketPath, { signal: controller.signal });
      if (!controller.signal.aborted) setRead({ path: ticketPath, ticket });
    } catch (failure) {
      // A failed read again keeps the ticket shown, with the error above it.
      if (!controller.signal.aborted) setRead((before) => ({ ...(before.path === ticketPath ? before : { path: ticketPath }), error: failure }));
    }
  }, [ticketPath]);
  useEffect(() => {
    void reload();
    return () => latest.current?.abort();
  }, [reload]);
  const shown = read.path === ticketPath ? read : { ticket: undefined, error: undefined };
  return { ticket: shown.ticket, error: shown.error, reload };
}

/**
 * The frame of a ticket's page in either application: while it loads, when it cannot be read (a 404 said
 * in the application's words: an unknown ticket and one out of reach look the same), and then the ticket
 * with its heading, facts, description and what the application adds.
 */
export function TicketPage({
  ticket,
  ticketPath,
  offerRemoteImages = false,
  error,
  notFound,
  back,
  facts,
  children,
}: {
  ticket: { number: number; subject: string; description: string; descriptionHtml: string | null; attachments: Attachment[] } | undefined;
  /** The ticket in the API (`/api/tickets/{id}` or `/api/portal/tickets/{id}`): where its email's HTML is served. */
  ticketPath: string;
  /** Staff only: the portal never loads an email's remote images. */
  offerRemoteImages?: boolean;
  error: unknown;
  notFound: string;
  back: { to: string; label: string };
  facts: Array<[string, ReactNode]>;
  children: ReactNode;
}) {
  const backLink = (
    <p>
      <Link to={back.to}>{back.label}</Link>
    </p>
  );
  if (!ticket) {
    if (!error) return <Loading what="Loading the ticket" />;
    return (
      <main>
        <h1>Ticket</h1>
        <ErrorNotice error={error instanceof ApiError && error.status === 404 ? new Error(notFound) : error} />
        {backLink}
      </main>
    );
  }
  return (
    <main>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      <dl className="facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <ErrorNotice error={error} />
      <section aria-labelledby="description-heading" className="card">
        <h2 id="description-heading">Description</h2>
        {ticket.descriptionHtml ? (
          <EmailHtml src={`${ticketPath}/html`} title="The email that opened the ticket" offerRemoteImages={offerRemoteImages} />
        ) : (
          <div className="note-body">{ticket.description}</div>
        )}
        <AttachmentList attachments={ticket.attachments} />
      </section>
      {children}
      {backLink}
    </main>
  );
}

/** One note of a thread: who and when (`meta`), what the application adds (`children`), its words and its attachments. */
export function NoteCard({
  note,
  ticketPath,
  meta,
  internal = false,
  offerRemoteImages = false,
  children,
}: {
  note: NoteBase;
  ticketPath: string;
  meta: ReactNode;
  internal?: boolean;
  /** Staff only: the portal never loads an email's remote images. */
  offerRemoteImages?: boolean;
  children?: ReactNode;
}) {
  return (
    <li>
      <article className={internal ? 'card note note-internal' : 'card note'}>
        <p className="note-meta">
          {meta} · <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
        </p>
        {children}
        <NoteContent note={note} htmlSrc={noteHtmlSrc(ticketPath, note.id)} offerRemoteImages={offerRemoteImages} />
        <AttachmentList attachments={note.attachments} />
      </article>
    </li>
  );
}

export interface HistoryLine {
  id: string;
  at: string;
  kind: string;
  field?: string;
  from?: string | null;
  to?: string | null;
}

/** A ticket's timeline, each line with what the application adds after it (`after`). */
export function TicketHistory<E extends HistoryLine>({ entries, error, after }: { entries: E[]; error?: unknown; after?: (entry: E) => ReactNode }) {
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <ErrorNotice error={error} />
      <ol className="history">
        {entries.map((entry) => (
          <li key={entry.id}>
            <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>: {describeHistoryEntry(entry)}
            {after?.(entry)}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A page of a ticket list: its number and subject (a link to its page), the application's `columns`, and the pager. */
export function TicketTable<T extends { id: string; number: number; subject: string }>({ list, columns }: { list: ReturnType<typeof useCursorList<T>>; columns: Array<Column<T>> }) {
  const { page, error } = list;
  return (
    <>
      <ErrorNotice error={error} />
      {!page && !error ? <Loading what="Loading tickets" /> : null}
      {page && page.items.length === 0 ? <p>No tickets match.</p> : null}
      {page && page.items.length > 0 ? (
        <ResponsiveTable
          rows={page.items}
          rowKey={(ticket) => ticket.id}
          columns={[{ label: 'Number', cell: (ticket) => `#${ticket.number}` }, { label: 'Subject', cell: (ticket) => <Link to={`/tickets/${ticket.id}`}>{ticket.subject}</Link> }, ...columns]}
        />
      ) : null}
      <Pager list={list} label="Pages of tickets" />
    </>
  );
}
