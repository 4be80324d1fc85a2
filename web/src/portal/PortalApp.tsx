import { useEffect, useState } from 'react';
import { Route, Routes } from 'react-router';
import { api } from '../shared/api';
import { Loading } from '../shared/components';
import { Layout } from '../shared/Layout';
import { useSession } from '../shared/session';
import { SignInPage } from '../shared/SignInPage';
import { DashboardPage } from './pages/DashboardPage';

interface PortalStatus {
  available: boolean;
  detail: string;
}

/** The portal: while no portal app is enabled it says so and lets no one in (email-only support). */
export function PortalApp() {
  const [status, setStatus] = useState<PortalStatus>();
  const session = useSession();
  useEffect(() => {
    api<PortalStatus>('GET', '/api/portal/status').then(setStatus, () => setStatus({ available: true, detail: '' }));
  }, []);

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
  if (session.state.status === 'signed-out') return <SignInPage title="Sign in to the support portal" notice={session.state.notice} />;
  return (
    <Layout brand="Support portal" links={[{ to: '/', label: 'Tickets' }]} onSignOut={() => void session.signOut()}>
      <Routes>
        <Route path="/" element={<DashboardPage />} />
        <Route path="*" element={<main><h1>Page not found</h1></main>} />
      </Routes>
    </Layout>
  );
}
