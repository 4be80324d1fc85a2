import { Route, Routes } from 'react-router';
import { Loading } from '../shared/components';
import { Layout } from '../shared/Layout';
import { useSession } from '../shared/session';
import { SignInPage } from '../shared/SignInPage';
import { TicketListPage } from './pages/TicketListPage';

/** The staff console: agents' and administrators' work, each screen on the gateway's API. */
export function StaffApp() {
  const session = useSession();
  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'signed-out') return <SignInPage title="Sign in to the helpdesk" notice={session.state.notice} />;
  return (
    <Layout brand="Helpdesk" links={[{ to: '/tickets', label: 'Tickets' }]} onSignOut={() => void session.signOut()}>
      <Routes>
        <Route path="/" element={<TicketListPage />} />
        <Route path="/tickets" element={<TicketListPage />} />
        <Route path="*" element={<main><h1>Page not found</h1></main>} />
      </Routes>
    </Layout>
  );
}
