import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, Loading } from '../../shared/components';

interface Ticket {
  id: string;
  number: number;
  subject: string;
  status: string;
  priority: string;
  createdAt: string;
}

/** The tickets the agent may see. */
export function TicketListPage() {
  const [tickets, setTickets] = useState<Ticket[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<{ items: Ticket[] }>('GET', '/api/tickets').then((page) => setTickets(page.items), setError);
  }, []);
  return (
    <main>
      <h1>Tickets</h1>
      <ErrorNotice error={error} />
      {!tickets && !error ? <Loading what="Loading tickets" /> : null}
      {tickets ? (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
              <th scope="col">Priority</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id}>
                <td data-label="Number">#{ticket.number}</td>
                <td data-label="Subject">{ticket.subject}</td>
                <td data-label="Status">{ticket.status}</td>
                <td data-label="Priority">{ticket.priority}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
