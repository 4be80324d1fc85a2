import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '../shared/base.css';
import { NavigationFocus } from '../shared/navigation';
import { SessionProvider } from '../shared/session';
import { PortalApp } from './PortalApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/portal">
      <NavigationFocus />
      <SessionProvider endpoint="/api/portal/session">
        <PortalApp />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
