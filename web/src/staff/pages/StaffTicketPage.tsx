import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../shared/api';
import { ErrorNotice, Loading, StatusNotice, TextAreaField, fieldError } from '../../shared/components';
import { AttachmentList, NoteContent, OlderNotes, formatDateTime, formatMinutes, noteHtmlSrc, useNoteThread, type Attachment, type NoteBase } from '../../shared/tickets';
import { nameOf, useDirectory } from './directory';
import { TicketWorkForm } from './TicketWorkForm';
import { TimeLog } from './TimeLog';

export interface StaffNote extends NoteBase {
  visibility: 'public' | 'internal';
  author: { kind: 'staff' | 'contact' | 'email' | string; id: string };
  /** The inbound email the note is; null for notes written by people in the pages or the API. */
  sourceEmailId: string | null;
}

export interface StaffTicket {
  id: string;
  number: number;
  subject: string;
  description: string;
  requesterEmail: string | null;
  status: string;
  priority: string;
  customerId: string | null;
  teamId: string | null;
  assigneeId: string | null;
  contractId: string | null;
  channel: string | null;
  timeSpentMinutes: number;
  version: number;
  createdAt: string;
  updatedAt: string;
  attachments: Attachment[];
  participants: Array<{ email: string; contactId: string | null }>;
  notes: StaffNote[];
  olderNotesCursor: string | null;
}

/** The If-Match of a change to this ticket: the version the agent is looking at. */
export function ifMatch(ticket: StaffTicket): Record<string, string> {
  return { 'if-match': `"${ticket.version}"` };
}

/** A ticket as agents work it: its facts, the thread with internal notes told apart, assignment, status, priority, notes and time. */
export function StaffTicketPage() {
  const { id = '' } = useParams();
  const ticketPath = `/api/tickets/${encodeURIComponent(id)}`;
  const [ticket, setTicket] = useState<StaffTicket>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => api<StaffTicket>('GET', ticketPath).then(setTicket, setError), [ticketPath]);
  useEffect(() => void load(), [load]);
  const thread = useNoteThread(ticketPath, ticket?.notes, ticket?.olderNotesCursor);
  const directory = useDirectory();

  if (error && !ticket) {
    return (
      <main>
        <h1>Ticket</h1>
        <ErrorNotice error={error instanceof ApiError && error.status === 404 ? new Error('There is no such ticket, or your teams do not reach its customer.') : error} />
        <Link to="/tickets">Back to the tickets</Link>
      </main>
    );
  }
  if (!ticket) return <Loading what="Loading the ticket" />;
  const mayReadEmails = directory.me?.permissions.includes('email_accounts.manage') ?? false;

  return (
    <main>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      <dl className="facts">
        <dt>Status</dt>
        <dd>{ticket.status}</dd>
        <dt>Priority</dt>
        <dd>{ticket.priority}</dd>
        <dt>Customer</dt>
        <dd>{nameOf(directory.customers, ticket.customerId)}</dd>
        <dt>Requester</dt>
        <dd>{ticket.requesterEmail ?? 'none'}</dd>
        <dt>Team</dt>
        <dd>{nameOf(directory.teams, ticket.teamId)}</dd>
        <dt>Assignee</dt>
        <dd>{ticket.assigneeId === directory.me?.userId ? 'me' : nameOf(directory.staff, ticket.assigneeId, 'unassigned')}</dd>
        <dt>Came by</dt>
        <dd>{ticket.channel ?? 'unknown'}</dd>
        <dt>Time spent</dt>
        <dd>{formatMinutes(ticket.timeSpentMinutes)}</dd>
      </dl>
      {ticket.participants.length > 0 ? <p>Also in the thread: {ticket.participants.map((p) => p.email).join(', ')}</p> : null}

      <TicketWorkForm ticket={ticket} directory={directory} onChanged={load} />

      <section aria-labelledby="description-heading" className="card">
        <h2 id="description-heading">Description</h2>
        <div className="note-body">{ticket.description}</div>
        <AttachmentList attachments={ticket.attachments} />
      </section>

      <section aria-labelledby="thread-heading">
        <h2 id="thread-heading">Notes and emails</h2>
        <OlderNotes thread={thread} />
        {thread.notes.length === 0 ? <p>No notes yet.</p> : null}
        <ol className="notes">
          {thread.notes.map((note) => (
            <li key={note.id}>
              <article className={note.visibility === 'internal' ? 'card note note-internal' : 'card note'}>
                <p className="note-meta">
                  <span className="badge">{note.visibility === 'internal' ? 'Internal note' : 'Public'}</span> <strong>{authorLabel(note, directory)}</strong> ·{' '}
                  <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
                </p>
                {note.sourceEmailId && mayReadEmails ? <EmailOrigin emailId={note.sourceEmailId} /> : null}
                <NoteContent note={note} htmlSrc={noteHtmlSrc(ticketPath, note.id)} />
                <AttachmentList attachments={note.attachments} />
              </article>
            </li>
          ))}
        </ol>
        <AddNoteForm ticket={ticket} onAdded={load} />
      </section>

      <TimeLog ticket={ticket} onLogged={load} />
      <p>
        <Link to="/tickets">Back to the tickets</Link>
      </p>
    </main>
  );
}

function authorLabel(note: StaffNote, directory: ReturnType<typeof useDirectory>): string {
  if (note.author.kind === 'staff') return note.author.id === directory.me?.userId ? 'You' : `Agent ${nameOf(directory.staff, note.author.id, '')}`.trim();
  if (note.sourceEmailId) return note.author.kind === 'contact' ? 'Email from the contact' : 'Email from an unknown sender';
  return note.author.kind === 'contact' ? 'The contact, in the portal' : note.author.kind;
}

/**
 * Who sent an inbound email and its subject. The note does not carry them; the email's record does, for
 * those who manage the mailboxes (GET /api/inbound-emails/{id}): others see the note without them.
 */
function EmailOrigin({ emailId }: { emailId: string }) {
  const [email, setEmail] = useState<{ from: { address: string; name: string | null } | null; subject: string | null }>();
  useEffect(() => {
    api<typeof email>('GET', `/api/inbound-emails/${encodeURIComponent(emailId)}`).then(setEmail, () => undefined);
  }, [emailId]);
  if (!email) return null;
  return (
    <dl className="email-origin">
      <dt>From</dt>
      <dd>{email.from ? (email.from.name ? `${email.from.name} <${email.from.address}>` : email.from.address) : 'unknown'}</dd>
      <dt>Subject</dt>
      <dd>{email.subject ?? '(none)'}</dd>
    </dl>
  );
}

/** A note: sent to the customer (public, emailed to the requester by the automation) or kept among staff (internal). Two buttons, so that neither is chosen by a default. */
function AddNoteForm({ ticket, onAdded }: { ticket: StaffTicket; onAdded: () => Promise<void> }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [added, setAdded] = useState<string>();

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const visibility = submitter?.value === 'public' ? 'public' : 'internal';
    setBusy(true);
    setError(undefined);
    setAdded(undefined);
    try {
      await api('POST', `/api/tickets/${ticket.id}/notes`, { body: { body, visibility }, headers: ifMatch(ticket) });
      setBody('');
      setAdded(visibility === 'public' ? 'Public reply sent.' : 'Internal note added.');
      await onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={add} noValidate className="card">
      <h3>Add a note</h3>
      {added ? <StatusNotice>{added}</StatusNotice> : null}
      <ErrorNotice error={error} />
      <TextAreaField
        label="Note"
        hint="A public reply is shown in the portal and emailed to the requester; an internal note is seen by staff only."
        required
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fieldError(error, '/body')}
      />
      <div className="actions">
        <button type="submit" name="visibility" value="public" disabled={busy}>
          Send public reply
        </button>
        <button type="submit" name="visibility" value="internal" className="secondary" disabled={busy}>
          Add internal note
        </button>
      </div>
    </form>
  );
}
