import { useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api';
import { ErrorNotice, StatusNotice, TextAreaField, fieldError } from '../../shared/components';
import { useSession } from '../../shared/session';
import { NoteCard, OlderNotes, TicketHistory, TicketPage, formatDateTime, formatMinutes, useNoteThread, useTicketDetail, type Attachment, type HistoryLine, type NoteBase } from '../../shared/tickets';
import { useAction } from '../../shared/useAction';
import { ResponsiveTable } from '../../shared/ResponsiveTable';

interface PortalNote extends NoteBase {
  /** Staff are "staff" only: which agent it was is the helpdesk's business. */
  author: { kind: string; id?: string };
}

interface PortalTicketDetail {
  id: string;
  number: number;
  subject: string;
  description: string;
  descriptionHtml: string | null;
  status: string;
  priority: string;
  createdAt: string;
  updatedAt: string;
  timeSpentMinutes: number;
  attachments: Attachment[];
  notes: PortalNote[];
  olderNotesCursor: string | null;
  history: Array<HistoryLine & { actor: { kind: string } }>;
  timeEntries: Array<{ workedOn: string; minutes: number; agentName: string | null }>;
}

/** A ticket as its contact sees it (the link the notifier emails): public history, public notes, attachments, time, and a reply form. */
export function PortalTicketPage() {
  const { id = '' } = useParams();
  const ticketPath = `/api/portal/tickets/${encodeURIComponent(id)}`;
  const { ticket, error, reload } = useTicketDetail<PortalTicketDetail>(ticketPath);
  const thread = useNoteThread(ticketPath, ticket?.notes, ticket?.olderNotesCursor);
  const session = useSession<{ contactId: string }>();
  const me = session.state.status === 'signed-in' ? session.state.principal.contactId : undefined;

  return (
    <TicketPage
      ticket={ticket}
      ticketPath={ticketPath}
      error={error}
      notFound="This ticket does not exist, or you may not see it."
      back={{ to: '/', label: 'Back to your tickets' }}
      facts={
        ticket
          ? [
              ['Status', ticket.status],
              ['Priority', ticket.priority],
              ['Opened', formatDateTime(ticket.createdAt)],
              ['Time spent', formatMinutes(ticket.timeSpentMinutes)],
            ]
          : []
      }
    >
      {ticket ? (
        <>
          <section aria-labelledby="notes-heading">
            <h2 id="notes-heading">Conversation</h2>
            <OlderNotes thread={thread} />
            {thread.notes.length === 0 ? <p>No replies yet.</p> : null}
            <ol className="notes">
              {thread.notes.map((note) => (
                <NoteCard key={note.id} note={note} ticketPath={ticketPath} meta={<strong>{authorLabel(note.author, me)}</strong>} />
              ))}
            </ol>
            <AddNoteForm ticketPath={ticketPath} onAdded={reload} />
          </section>
          {ticket.timeEntries.length > 0 ? <TimeSpent entries={ticket.timeEntries} /> : null}
          <TicketHistory entries={ticket.history} />
        </>
      ) : null}
    </TicketPage>
  );
}

/** The time logged on the ticket: day, minutes and agent, never the agents' notes. */
function TimeSpent({ entries }: { entries: PortalTicketDetail['timeEntries'] }) {
  return (
    <section aria-labelledby="time-heading">
      <h2 id="time-heading">Time spent</h2>
      <ResponsiveTable
        rows={entries}
        rowKey={(entry, index) => `${entry.workedOn}-${index}`}
        columns={[
          { label: 'Day', cell: (entry) => entry.workedOn },
          { label: 'Time', cell: (entry) => formatMinutes(entry.minutes) },
          { label: 'By', cell: (entry) => entry.agentName ?? 'Support' },
        ]}
      />
    </section>
  );
}

function authorLabel(author: PortalNote['author'], me: string | undefined): string {
  if (author.kind === 'staff') return 'Support';
  if (author.kind === 'email') return 'By email';
  return author.id === me ? 'You' : 'A colleague';
}

function AddNoteForm({ ticketPath, onAdded }: { ticketPath: string; onAdded: () => Promise<void> }) {
  const [body, setBody] = useState('');
  const [sent, setSent] = useState(false);
  const add = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    setSent(false);
    void add.run(async () => {
      await api('POST', `${ticketPath}/notes`, { body: { body } });
      setBody('');
      setSent(true);
      await onAdded();
    });
  }

  return (
    <form onSubmit={submit} noValidate className="card">
      <h3>Add a reply</h3>
      {sent ? <StatusNotice>Your reply was added.</StatusNotice> : null}
      <ErrorNotice error={add.error} />
      <TextAreaField label="Your reply" required value={body} onChange={(e) => setBody(e.target.value)} error={fieldError(add.error, '/body')} />
      <button type="submit" disabled={add.busy}>
        {add.busy ? 'Sending…' : 'Send reply'}
      </button>
    </form>
  );
}
