import { useEffect, useState } from 'react';
import { Route, Routes } from 'react-router';
import { api } from '../shared/api';
import { Loading } from '../shared/components';
import { Layout } from '../shared/Layout';
import { PerItem } from '../shared/navigation';
import { useSession } from '../shared/session';
import { passwordResetRoutes } from '../shared/passwordRoutes';
import { SignedIn } from '../shared/SignedIn';
import { ContractsPage } from './pages/ContractsPage';
import { DashboardPage } from './pages/DashboardPage';
import { InvitationPage } from './pages/InvitationPage';
import { NewTicketPage } from './pages/NewTicketPage';
import { PortalTicketPage } from './pages/PortalTicketPage';

interface PortalStatus {
  available: boolean;
  detail: string;
}

/**
 * The portal: while no portal app is enabled it says so and lets no one in (email-only support). The
 * invitation and forgotten-password pages open without a session; every other page needs one.
 */
export function PortalApp() {
  const [status, setStatus] = useState<PortalStatus>();
  const session = useSession();
  const endedBecause = session.state.status === 'signed-out' ? session.state.notice : undefined;
  // Read again when a session ends with a reason: the portal may have been switched off meanwhile.
  useEffect(() => {
    setStatus(undefined);
    api<PortalStatus>('GET', '/api/portal/status').then(setStatus, () => setStatus({ available: true, detail: '' }));
  }, [endedBecause]);

  if (!status || session.state.status === 'loading') return <Loading />;
  if (!status.available) {
    return (
      <main className="narrow">
        <h1>Support portal</h1>
        <div role="alert" className="notice notice-info">
          {status.detail}
        </div>
      </main>
    );
  }
  return (
    <Routes>
      <Route path="/invitation" element={<InvitationPage />} />
      {passwordResetRoutes('/api/portal')}
      <Route
        path="*"
        element={
          <SignedIn signInTitle="Sign in to the support portal">
            <Layout brand="Support portal" links={[{ to: '/', label: 'Tickets' }, { to: '/tickets/new', label: 'New ticket' }, { to: '/contracts', label: 'Contracts' }]} onSignOut={() => void session.signOut()}>
              <Routes>
                <Route path="/" element={<DashboardPage />} />
                <Route path="/contracts" element={<ContractsPage />} />
                <Route path="/tickets/new" element={<NewTicketPage />} />
                <Route path="/tickets/:id" element={<PerItem><PortalTicketPage /></PerItem>} />
                <Route path="*" element={<main><h1>Page not found</h1></main>} />
              </Routes>
            </Layout>
          </SignedIn>
        }
      />
    </Routes>
  );
}
