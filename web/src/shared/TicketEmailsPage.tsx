import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from './api';
import { ErrorNotice, Loading } from './components';
import { EmailHtml } from './EmailHtml';

interface Note {
  id: string;
  /** Staff only: the portal sees public notes alone. */
  visibility?: string;
  body: string;
  bodyHtml: string | null;
  createdAt: string;
}

interface TicketWithNotes {
  number: number;
  subject: string;
  description: string;
  descriptionHtml: string | null;
  notes: Note[];
}

/**
 * A ticket read as its emails, for both applications (`apiPath`: `/api/tickets` or
 * `/api/portal/tickets`): its subject, the email that opened it and its notes, each email's HTML in its
 * sandboxed frame. Minimal: the ticket screens proper (issue 14) replace it and keep the EmailHtml elements.
 */
export function TicketEmailsPage({ apiPath, offerRemoteImages }: { apiPath: string; offerRemoteImages: boolean }) {
  const { id = '' } = useParams();
  const [ticket, setTicket] = useState<TicketWithNotes>();
  const [error, setError] = useState<unknown>();
  const ticketPath = `${apiPath}/${encodeURIComponent(id)}`;
  useEffect(() => {
    api<TicketWithNotes>('GET', ticketPath).then(setTicket, setError);
  }, [ticketPath]);

  if (error) return <main><h1>Ticket</h1><ErrorNotice error={error} /></main>;
  if (!ticket) return <main><h1>Ticket</h1><Loading what="Loading the ticket" /></main>;
  const when = (note: Note) => new Date(note.createdAt).toLocaleString();
  return (
    <main>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      <section aria-labelledby="description-heading" className="card">
        <h2 id="description-heading">Description</h2>
        {ticket.descriptionHtml !== null ? (
          <EmailHtml src={`${ticketPath}/html`} title="The email that opened the ticket" offerRemoteImages={offerRemoteImages} />
        ) : (
          <p>{ticket.description}</p>
        )}
      </section>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        {ticket.notes.map((note) => (
          <article key={note.id} className="card" aria-label={`Note of ${when(note)}`}>
            <p>
              {note.visibility === 'internal' ? 'Internal note, ' : ''}
              {when(note)}
            </p>
            {note.bodyHtml !== null ? (
              <EmailHtml src={`${ticketPath}/notes/${encodeURIComponent(note.id)}/html`} title={`The email of ${when(note)}`} offerRemoteImages={offerRemoteImages} />
            ) : (
              <p>{note.body}</p>
            )}
          </article>
        ))}
      </section>
    </main>
  );
}
