import { Link, Route } from 'react-router';
import { ChoosePasswordPage } from './ChoosePasswordPage';
import { ForgotPasswordPage, type AccountApi } from './ForgotPasswordPage';

/**
 * The forgotten-password pages of an application, open without a session: `/forgot-password` asks for
 * the link, `/reset-password?token=` (the link the notifier emails) sets the new password. Inside <Routes>.
 */
export function passwordResetRoutes(account: AccountApi, note?: string) {
  const reset = {
    title: 'Choose a new password',
    intro: 'Choose the password you will sign in with from now on. Setting it signs you out everywhere else.',
    endpoint: `${account}/password-reset/complete`,
    submitLabel: 'Set password and sign in',
    renewal: { to: '/forgot-password', label: 'Ask for another link' },
  };
  return (
    <>
      <Route path="/forgot-password" element={<ForgotPasswordPage account={account} note={note} />} />
      <Route path="/reset-password" element={<ChoosePasswordPage link={reset} />} />
    </>
  );
}

/** The way from a sign-in page to the forgotten-password page. */
export function ForgotPasswordLink() {
  return (
    <p>
      <Link to="/forgot-password">Forgot your password?</Link>
    </p>
  );
}
