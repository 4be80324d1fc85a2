import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, onAccessRefused, useCsrfToken } from './api';

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
 * Why a session read back was refused, for the sign-in page: a 403 says why in words meant for people (the
 * portal switched off); a 401's words are meant for programs ("send the token as Authorization: Bearer"),
 * so a person who was signed in is told in the page's own.
 */
function noticeOfRefusal(error: unknown, wasSignedIn: boolean): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 403) return error.message;
  if (error.status === 401 && wasSignedIn) return 'Your sign-in has ended: sign in again.';
  return undefined;
}

/**
 * The signed-in person of one application, read from the gateway at start and after sign-in. The session
 * itself is the HttpOnly cookie the gateway set; this keeps only who it is and the CSRF token.
 */
export function SessionProvider({ endpoint, children }: { endpoint: SessionEndpoint; children: ReactNode }) {
  const [state, setState] = useState<SessionState<unknown>>({ status: 'loading' });
  const signedIn = useRef(false);
  useEffect(() => {
    signedIn.current = state.status === 'signed-in';
  }, [state]);

  const refresh = useCallback(async () => {
    try {
      const session = await api<{ principal: unknown; csrfToken: string }>('GET', endpoint);
      useCsrfToken(session.csrfToken);
      // The same person as before keeps the same state: a page refused for another reason (a permission it
      // lacks) re-renders nothing, so an effect that depends on the principal does not ask again in a loop.
      setState((before) =>
        before.status === 'signed-in' && JSON.stringify(before.principal) === JSON.stringify(session.principal) ? before : { status: 'signed-in', principal: session.principal },
      );
    } catch (error) {
      useCsrfToken(undefined);
      const notice = noticeOfRefusal(error, signedIn.current);
      setState({ status: 'signed-out', ...(notice ? { notice } : {}) });
    }
  }, [endpoint]);

  // Any request refused while signed in: read the session again, so that access ended meanwhile (a moved
  // contact, the portal switched off) sends the person to the sign-in page with the reason at that click.
  // The session's own refusals (a wrong password, the read itself) are not such a sign.
  useEffect(
    () =>
      onAccessRefused((path) => {
        if (path !== endpoint && signedIn.current) void refresh();
      }),
    [endpoint, refresh],
  );

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
