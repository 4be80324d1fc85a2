import { useEffect, useState } from 'react';
import { api } from '../../shared/api';
import { ErrorNotice, Loading } from '../../shared/components';

interface PortalTicket {
  id: string;
  number: number;
  subject: string;
  status: string;
  createdAt: string;
}

/** The tickets of the contact's customer that the contact may see. */
export function DashboardPage() {
  const [tickets, setTickets] = useState<PortalTicket[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<{ items: PortalTicket[] }>('GET', '/api/portal/tickets').then((page) => setTickets(page.items), setError);
  }, []);
  return (
    <main>
      <h1>Your tickets</h1>
      <ErrorNotice error={error} />
      {!tickets && !error ? <Loading what="Loading tickets" /> : null}
      {tickets ? (
        <table className="responsive">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Subject</th>
              <th scope="col">Status</th>
              <th scope="col">Opened</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((ticket) => (
              <tr key={ticket.id}>
                <td data-label="Number">#{ticket.number}</td>
                <td data-label="Subject">{ticket.subject}</td>
                <td data-label="Status">{ticket.status}</td>
                <td data-label="Opened">{new Date(ticket.createdAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </main>
  );
}
