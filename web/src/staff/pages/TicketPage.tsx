import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api';
import { ErrorNotice, Loading } from '../../shared/components';
import { EmailHtml } from '../../shared/EmailHtml';

interface Note {
  id: string;
  visibility: string;
  body: string;
  bodyHtml: string | null;
  createdAt: string;
}

interface Ticket {
  id: string;
  number: number;
  subject: string;
  description: string;
  descriptionHtml: string | null;
  notes: Note[];
}

/**
 * A ticket as an agent reads it: minimal (its subject, the email that opened it and its notes), the
 * place where an email's HTML is shown in its sandboxed frame; the ticket screen proper replaces it.
 */
export function TicketPage() {
  const { id = '' } = useParams();
  const [ticket, setTicket] = useState<Ticket>();
  const [error, setError] = useState<unknown>();
  const ticketPath = `/api/tickets/${encodeURIComponent(id)}`;
  useEffect(() => {
    api<Ticket>('GET', ticketPath).then(setTicket, setError);
  }, [ticketPath]);

  if (error) return <main><h1>Ticket</h1><ErrorNotice error={error} /></main>;
  if (!ticket) return <main><h1>Ticket</h1><Loading what="Loading the ticket" /></main>;
  return (
    <main>
      <h1>
        #{ticket.number} {ticket.subject}
      </h1>
      <section aria-labelledby="description-heading" className="card">
        <h2 id="description-heading">Description</h2>
        {ticket.descriptionHtml !== null ? (
          <EmailHtml src={`${ticketPath}/html`} title="The email that opened the ticket" offerRemoteImages />
        ) : (
          <p>{ticket.description}</p>
        )}
      </section>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Notes</h2>
        {ticket.notes.map((note) => (
          <article key={note.id} className="card" aria-label={`${note.visibility} note of ${new Date(note.createdAt).toLocaleString()}`}>
            <p>
              {note.visibility === 'internal' ? 'Internal note' : 'Public note'}, {new Date(note.createdAt).toLocaleString()}
            </p>
            {note.bodyHtml !== null ? (
              <EmailHtml src={`${ticketPath}/notes/${encodeURIComponent(note.id)}/html`} title={`The email of ${new Date(note.createdAt).toLocaleString()}`} offerRemoteImages />
            ) : (
              <p>{note.body}</p>
            )}
          </article>
        ))}
      </section>
    </main>
  );
}
