import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../../shared/api';
import { ErrorNotice, Loading } from '../../shared/components';
import { EmailHtml } from '../../shared/EmailHtml';

interface Note {
  id: string;
  body: string;
  bodyHtml: string | null;
  createdAt: string;
}

interface PortalTicket {
  id: string;
  number: number;
  subject: string;
  description: string;
  descriptionHtml: string | null;
  notes: Note[];
}

/**
 * A ticket as its contact reads it: minimal (its subject, the email that opened it and its public
 * notes), the place where an email's HTML is shown in its sandboxed frame, remote images never loaded;
 * the portal's ticket screen proper replaces it.
 */
export function TicketPage() {
  const { id = '' } = useParams();
  const [ticket, setTicket] = useState<PortalTicket>();
  const [error, setError] = useState<unknown>();
  const ticketPath = `/api/portal/tickets/${encodeURIComponent(id)}`;
  useEffect(() => {
    api<PortalTicket>('GET', ticketPath).then(setTicket, setError);
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
        {ticket.descriptionHtml !== null ? <EmailHtml src={`${ticketPath}/html`} title="The email that opened the ticket" /> : <p>{ticket.description}</p>}
      </section>
      <section aria-labelledby="notes-heading">
        <h2 id="notes-heading">Replies</h2>
        {ticket.notes.map((note) => (
          <article key={note.id} className="card" aria-label={`Reply of ${new Date(note.createdAt).toLocaleString()}`}>
            <p>{new Date(note.createdAt).toLocaleString()}</p>
            {note.bodyHtml !== null ? (
              <EmailHtml src={`${ticketPath}/notes/${encodeURIComponent(note.id)}/html`} title={`The email of ${new Date(note.createdAt).toLocaleString()}`} />
            ) : (
              <p>{note.body}</p>
            )}
          </article>
        ))}
      </section>
    </main>
  );
}
