import type { ReactNode } from 'react';
import { ForgotPasswordLink } from './passwordRoutes';
import { useSession } from './session';
import { SignInPage } from './SignInPage';

/**
 * The pages behind the session: until the person is signed in, the sign-in page (with the reason a session
 * ended, and the way to a forgotten password) stands in their place, at the same address.
 */
export function SignedIn({ signInTitle, children }: { signInTitle: string; children: ReactNode }) {
  const { state } = useSession();
  if (state.status === 'signed-in') return children;
  return (
    <SignInPage title={signInTitle} notice={state.status === 'signed-out' ? state.notice : undefined}>
      <ForgotPasswordLink />
    </SignInPage>
  );
}
