import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../shared/components';
import { Layout } from '../shared/Layout';
import { useSession } from '../shared/session';
import { SignInPage } from '../shared/SignInPage';
import { TicketListPage } from './pages/TicketListPage';

// Administration is a chunk of its own: most of the console's users are agents who never open it.
const AdminRoutes = lazy(() => import('./pages/admin/AdminRoutes').then((module) => ({ default: module.AdminRoutes })));

/** The staff console: agents' and administrators' work, each screen on the gateway's API. */
export function StaffApp() {
  const session = useSession();
  if (session.state.status === 'loading') return <Loading />;
  if (session.state.status === 'signed-out') return <SignInPage title="Sign in to the helpdesk" notice={session.state.notice} />;
  return (
    <Layout brand="Helpdesk" links={[{ to: '/tickets', label: 'Tickets' }, { to: '/admin', label: 'Administration' }]} onSignOut={() => void session.signOut()}>
      <Routes>
        <Route path="/" element={<TicketListPage />} />
        <Route path="/tickets" element={<TicketListPage />} />
        <Route path="/admin/*" element={<Suspense fallback={<Loading what="Loading the administration" />}><AdminRoutes /></Suspense>} />
        <Route path="*" element={<main><h1>Page not found</h1></main>} />
      </Routes>
    </Layout>
  );
}
