import { useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { api, ApiError } from '../../shared/api';
import { ErrorNotice, StatusNotice, TextAreaField, fieldError } from '../../shared/components';
import { NoteCard, OlderNotes, TicketHistory, TicketPage, formatMinutes, useNoteThread, useTicketDetail, type Attachment, type HistoryLine, type NoteBase } from '../../shared/tickets';
import { useAction } from '../../shared/useAction';
import { nameOf, useDirectory } from './directory';
import { TicketContract } from './TicketContract';
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
  descriptionHtml: string | null;
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
function ifMatch(ticket: StaffTicket): Record<string, string> {
  return { 'if-match': `"${ticket.version}"` };
}

/** A ticket as agents work it: its facts, the thread with internal notes told apart, assignment, status, priority, notes and time. */
export function StaffTicketPage() {
  const { id = '' } = useParams();
  const ticketPath = `/api/tickets/${encodeURIComponent(id)}`;
  const { ticket, error, reload } = useTicketDetail<StaffTicket>(ticketPath);
  const thread = useNoteThread(ticketPath, ticket?.notes, ticket?.olderNotesCursor);
  const directory = useDirectory();
  const mayReadEmails = directory.me?.permissions.includes('email_accounts.manage') ?? false;

  return (
    <TicketPage
      ticket={ticket}
      ticketPath={ticketPath}
      offerRemoteImages
      error={error}
      notFound="There is no such ticket, or your teams do not reach its customer."
      back={{ to: '/tickets', label: 'Back to the tickets' }}
      facts={
        ticket
          ? [
              ['Status', ticket.status],
              ['Priority', ticket.priority],
              ['Customer', nameOf(directory.customers, ticket.customerId)],
              ['Requester', ticket.requesterEmail ?? 'none'],
              ['Team', nameOf(directory.teams, ticket.teamId)],
              ['Assignee', ticket.assigneeId === directory.me?.userId ? 'me' : nameOf(directory.staff, ticket.assigneeId, 'unassigned')],
              ['Came by', ticket.channel ?? 'unknown'],
              ['Time spent', formatMinutes(ticket.timeSpentMinutes)],
              ...(ticket.participants.length > 0 ? [['Also in the thread', ticket.participants.map((p) => p.email).join(', ')] as [string, string]] : []),
            ]
          : []
      }
    >
      {ticket ? (
        <>
          <TicketWorkForm ticket={ticket} directory={directory} onChanged={reload} />
          <section aria-labelledby="thread-heading">
            <h2 id="thread-heading">Notes and emails</h2>
            <OlderNotes thread={thread} />
            {thread.notes.length === 0 ? <p>No notes yet.</p> : null}
            <ol className="notes">
              {thread.notes.map((note) => (
                <NoteCard
                  key={note.id}
                  note={note}
                  ticketPath={ticketPath}
                  offerRemoteImages
                  internal={note.visibility === 'internal'}
                  meta={
                    <>
                      <span className="badge">{note.visibility === 'internal' ? 'Internal note' : 'Public'}</span> <strong>{authorLabel(note, directory)}</strong>
                    </>
                  }
                >
                  {note.sourceEmailId && mayReadEmails ? <EmailOrigin emailId={note.sourceEmailId} /> : null}
                </NoteCard>
              ))}
            </ol>
            <AddNoteForm ticket={ticket} onAdded={reload} />
          </section>
          <TicketContract ticket={ticket} onChanged={reload} />
          <TimeLog ticket={ticket} me={directory.me} onLogged={reload} />
          <StaffHistory ticket={ticket} directory={directory} />
        </>
      ) : null}
    </TicketPage>
  );
}

interface StaffHistoryLine extends HistoryLine {
  visibility: 'public' | 'internal';
  actor: { kind: string; id: string };
}

/** The whole timeline, read again whenever the ticket is (the latest read wins); the lines the customer does not see are marked. */
function StaffHistory({ ticket, directory }: { ticket: StaffTicket; directory: ReturnType<typeof useDirectory> }) {
  const [entries, setEntries] = useState<StaffHistoryLine[]>([]);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    api<{ items: StaffHistoryLine[] }>('GET', `/api/tickets/${ticket.id}/history`, { signal: controller.signal }).then(
      (answer) => {
        if (controller.signal.aborted) return;
        setEntries(answer.items);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure);
      },
    );
    return () => controller.abort();
  }, [ticket]);
  return (
    <TicketHistory
      entries={entries}
      error={error}
      after={(entry) => (
        <>
          {entry.actor.kind === 'staff' ? ` by ${entry.actor.id === directory.me?.userId ? 'you' : nameOf(directory.staff, entry.actor.id, 'an agent')}` : ''}
          {entry.visibility === 'internal' ? <span className="badge">internal</span> : null}
        </>
      )}
    />
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
  const [added, setAdded] = useState<string>();
  const add = useAction();
  const addNote = async (visibility: 'public' | 'internal') => {
    setAdded(undefined);
    try {
      await api('POST', `/api/tickets/${ticket.id}/notes`, { body: { body, visibility }, headers: ifMatch(ticket) });
    } catch (failure) {
      // Changed by someone else meanwhile: read it again, keep the words, so that sending again works.
      if (failure instanceof ApiError && failure.status === 409) await onAdded();
      throw failure;
    }
    setBody('');
    setAdded(visibility === 'public' ? 'Public reply sent.' : 'Internal note added.');
    await onAdded();
  };

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void add.run(() => addNote(submitter?.value === 'public' ? 'public' : 'internal'));
  }

  return (
    <form onSubmit={submit} noValidate className="card">
      <h3>Add a note</h3>
      {added ? <StatusNotice>{added}</StatusNotice> : null}
      <ErrorNotice error={add.error} />
      <TextAreaField
        label="Note"
        hint="A public reply is shown in the portal and emailed to the requester; an internal note is seen by staff only."
        required
        value={body}
        onChange={(e) => setBody(e.target.value)}
        error={fieldError(add.error, '/body')}
      />
      <div className="actions">
        <button type="submit" name="visibility" value="public" disabled={add.busy}>
          Send public reply
        </button>
        <button type="submit" name="visibility" value="internal" className="secondary" disabled={add.busy}>
          Add internal note
        </button>
      </div>
    </form>
  );
}
