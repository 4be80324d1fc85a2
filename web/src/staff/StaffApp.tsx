import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Loading } from '../shared/components';
import { Layout } from '../shared/Layout';
import { PerItem } from '../shared/navigation';
import { useSession } from '../shared/session';
import { passwordResetRoutes } from '../shared/passwordRoutes';
import { SignedIn } from '../shared/SignedIn';
import { StaffTicketPage } from './pages/StaffTicketPage';
import { TicketListPage } from './pages/TicketListPage';

// Administration is a chunk of its own: most of the console's users are agents who never open it.
const AdminRoutes = lazy(() => import('./pages/admin/AdminRoutes').then((module) => ({ default: module.AdminRoutes })));

/** Administrators cannot reset by email (services/gateway/src/domain/password-reset.ts): they are told whom to ask. */
const adminResetNote = 'Administrators: another administrator sets a new password for you.';

/**
 * The staff console: agents' and administrators' work, each screen on the gateway's API. The
 * forgotten-password pages open without a session; every other page needs one.
 */
export function StaffApp() {
  const session = useSession();
  if (session.state.status === 'loading') return <Loading />;
  return (
    <Routes>
      {passwordResetRoutes('/api/auth', adminResetNote)}
      <Route
        path="*"
        element={
          <SignedIn signInTitle="Sign in to the helpdesk">
            <Layout brand="Helpdesk" links={[{ to: '/tickets', label: 'Tickets' }, { to: '/admin', label: 'Administration' }]} onSignOut={() => void session.signOut()}>
              <Routes>
                <Route path="/" element={<TicketListPage />} />
                <Route path="/tickets" element={<TicketListPage />} />
                <Route path="/tickets/:id" element={<PerItem><StaffTicketPage /></PerItem>} />
                <Route path="/admin/*" element={<Suspense fallback={<Loading what="Loading the administration" />}><AdminRoutes /></Suspense>} />
                <Route path="*" element={<main><h1>Page not found</h1></main>} />
              </Routes>
            </Layout>
          </SignedIn>
        }
      />
    </Routes>
  );
}
