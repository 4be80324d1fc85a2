import { TicketEmailsPage } from '../../shared/TicketEmailsPage';

/** A ticket as an agent reads it (minimal until the ticket screen arrives): remote images on request. */
export function TicketPage() {
  return <TicketEmailsPage apiPath="/api/tickets" offerRemoteImages />;
}
