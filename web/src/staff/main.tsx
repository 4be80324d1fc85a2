import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import '../shared/base.css';
import { NavigationFocus } from '../shared/navigation';
import { SessionProvider } from '../shared/session';
import { StaffApp } from './StaffApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/staff">
      <NavigationFocus />
      <SessionProvider endpoint="/api/auth/session">
        <StaffApp />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
