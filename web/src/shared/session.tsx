import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, useCsrfToken } from './api';

/** Where a page's session lives: `/api/auth/session` for staff, `/api/portal/session` for contacts. */
export type SessionEndpoint = '/api/auth/session' | '/api/portal/session';

export type SessionState<P> =
  | { status: 'loading' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'signed-in'; principal: P };

export interface SessionControls<P> {
  state: SessionState<P>;
  signIn(email: string, password: string): Promise<void>;
  signOut(notice?: string): Promise<void>;
  /** Read the session again (after a 401 or 403 from any request: the access may have ended). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionControls<unknown> | undefined>(undefined);

/**
 * The signed-in person of one application, read from the gateway at start and after sign-in. The session
 * itself is the HttpOnly cookie the gateway set; this keeps only who it is and the CSRF token.
 */
export function SessionProvider({ endpoint, children }: { endpoint: SessionEndpoint; children: ReactNode }) {
  const [state, setState] = useState<SessionState<unknown>>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = await api<{ principal: unknown; csrfToken: string }>('GET', endpoint);
      useCsrfToken(session.csrfToken);
      setState({ status: 'signed-in', principal: session.principal });
    } catch (error) {
      useCsrfToken(undefined);
      const notice = error instanceof ApiError && error.status === 403 ? error.message : undefined;
      setState({ status: 'signed-out', ...(notice ? { notice } : {}) });
    }
  }, [endpoint]);

  const signIn = useCallback(
    async (email: string, password: string) => {
      const opened = await api<{ csrfToken: string }>('POST', endpoint, { body: { email, password } });
      useCsrfToken(opened.csrfToken);
      // Read it back: a browser that refused the cookie (plain HTTP away from localhost) is told so here.
      try {
        const session = await api<{ principal: unknown; csrfToken: string }>('GET', endpoint);
        setState({ status: 'signed-in', principal: session.principal });
      } catch {
        useCsrfToken(undefined);
        throw new ApiError({
          status: 0,
          title: 'Session refused',
          detail: 'Your browser did not keep the session: open the helpdesk over HTTPS (or on localhost) and allow its cookies.',
        });
      }
    },
    [endpoint],
  );

  const signOut = useCallback(
    async (notice?: string) => {
      await api('DELETE', endpoint).catch(() => undefined);
      useCsrfToken(undefined);
      setState({ status: 'signed-out', ...(notice ? { notice } : {}) });
    },
    [endpoint],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const controls = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={controls}>{children}</SessionContext.Provider>;
}

export function useSession<P>(): SessionControls<P> {
  const controls = useContext(SessionContext);
  if (!controls) throw new Error('useSession outside SessionProvider');
  return controls as SessionControls<P>;
}
