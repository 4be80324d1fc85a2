import { TicketEmailsPage } from '../../shared/TicketEmailsPage';

/** A ticket as its contact reads it (minimal until the portal's ticket screen arrives): remote images never load. */
export function TicketPage() {
  return <TicketEmailsPage apiPath="/api/portal/tickets" offerRemoteImages={false} />;
}
