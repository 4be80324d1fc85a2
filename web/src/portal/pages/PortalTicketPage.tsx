import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../../shared/api';
import { useSession } from '../../shared/session';
import { ErrorNotice, Loading, StatusNotice, TextAreaField, fieldError } from '../../shared/components';
import {
  AttachmentList,
  NoteContent,
  OlderNotes,
  describeHistoryEntry,
  formatDateTime,
  formatMinutes,
  noteHtmlSrc,
  useNoteThread,
  type Attachment,
  type NoteBase,
} from '../../shared/tickets';

interface PortalNote extends NoteBase {
  /** Staff are "staff" only: which agent it was is the helpdesk's business. */
  author: { kind: string; id?: string };
}

interface PortalTicketDetail {
  id: string;
  number: number;
  subject: string;
  description: string;
  status: string;
  priority: string;
  createdAt: string;
  updatedAt: string;
  timeSpentMinutes: number;
  attachments: Attachment[];
  notes: PortalNote[];
  olderNotesCursor: string | null;
  history: Array<{ id: string; at: string; kind: string; field?: string; from?: string | null; to?: string | null; actor: { kind: string } }>;
  timeEntries: Array<{ workedOn: string; minutes: number; agentName: string | null }>;
}

/** A ticket as its contact sees it (the link the notifier emails): public history, public notes, attachments, time, and a reply form. */
export function PortalTicketPage() {
  const { id = '' } = useParams();
  const ticketPath = `/api/portal/tickets/${encodeURIComponent(id)}`;
  const [ticket, setTicket] = useState<PortalTicketDetail>();
  const [error, setError] = useState<unknown>();
  const load = useCallback(() => api<PortalTicketDetail>('GET', ticketPath).then(setTicket, setError), [ticketPath]);
  useEffect(() => void load(), [load]);
  const thread = useNoteThread(ticketPath, ticket?.notes, ticket?.olderNotesCursor);
  const session = useSession<{ contactId: string }>();
  const me = session.state.status === 'signed-in' ? session.state.principal.contactId : undefined;

  if (error) {
    return (
      <main>
        <h1>Ticket</h1>
        <ErrorNotice error={error instanceof ApiError && error.status === 404 ? new Error('This ticket does not exist, or you may not see it.') : error} />
        <Link to="/">Back to your tickets</Link>
      </main>
    );
  }
  if (!ticket) return <Loading what="Loading the ticket" />;
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
        <dt>Opened</dt>
        <dd>{formatDateTime(ticket.createdAt)}</dd>
        <dt>Time spent</dt>
        <dd>{formatMinutes(ticket.timeSpentMinutes)}</dd>
      </dl>

      <section aria-labelledby="description-heading" className="card">
        <h2 id="description-heading">Description</h2>
        <div className="note-body">{ticket.description}</div>
        <AttachmentList attachments={ticket.attachments} />
      </section>

      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Conversation</h2>
        <OlderNotes thread={thread} />
        {thread.notes.length === 0 ? <p>No replies yet.</p> : null}
        <ol className="notes">
          {thread.notes.map((note) => (
            <li key={note.id}>
              <article className="card note">
                <p className="note-meta">
                  <strong>{authorLabel(note.author, me)}</strong> · <time dateTime={note.createdAt}>{formatDateTime(note.createdAt)}</time>
                </p>
                <NoteContent note={note} htmlSrc={noteHtmlSrc(ticketPath, note.id)} />
                <AttachmentList attachments={note.attachments} />
              </article>
            </li>
          ))}
        </ol>
        <AddNoteForm ticketPath={ticketPath} onAdded={load} />
      </section>

      {ticket.timeEntries.length > 0 ? (
        <section aria-labelledby="time-heading">
          <h2 id="time-heading">Time spent</h2>
          <table className="responsive">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Time</th>
                <th scope="col">By</th>
              </tr>
            </thead>
            <tbody>
              {ticket.timeEntries.map((entry, index) => (
                <tr key={index}>
                  <td data-label="Day">{entry.workedOn}</td>
                  <td data-label="Time">{formatMinutes(entry.minutes)}</td>
                  <td data-label="By">{entry.agentName ?? 'Support'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      <section aria-labelledby="history-heading">
        <h2 id="history-heading">History</h2>
        <ol className="history">
          {ticket.history.map((entry) => (
            <li key={entry.id}>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>: {describeHistoryEntry(entry)}
            </li>
          ))}
        </ol>
      </section>
      <p>
        <Link to="/">Back to your tickets</Link>
      </p>
    </main>
  );
}

function authorLabel(author: PortalNote['author'], me: string | undefined): string {
  if (author.kind === 'staff') return 'Support';
  if (author.kind === 'email') return 'By email';
  return author.id === me ? 'You' : 'A colleague';
}

function AddNoteForm({ ticketPath, onAdded }: { ticketPath: string; onAdded: () => Promise<void> }) {
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSent(false);
    try {
      await api('POST', `${ticketPath}/notes`, { body: { body } });
      setBody('');
      setSent(true);
      await onAdded();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card">
      <h3>Add a reply</h3>
      {sent ? <StatusNotice>Your reply was added.</StatusNotice> : null}
      <ErrorNotice error={error} />
      <TextAreaField label="Your reply" required value={body} onChange={(e) => setBody(e.target.value)} error={fieldError(error, '/body')} />
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send reply'}
      </button>
    </form>
  );
}
