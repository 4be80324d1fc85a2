import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from './api';
import { ErrorNotice, Field, StatusNotice, fieldError } from './components';
import { useAction } from './useAction';

/** Where an application's accounts sign in and reset their passwords: staff or portal contacts. */
export type AccountApi = '/api/auth' | '/api/portal';

/**
 * Asks for a password reset link. The API answers the same whether the account exists (so the page
 * tells a stranger nothing either); that answer is what the page shows.
 */
export function ForgotPasswordPage({ account, note }: { account: AccountApi; note?: string }) {
  const [email, setEmail] = useState('');
  const [answer, setAnswer] = useState<string>();
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => setAnswer((await api<{ detail: string }>('POST', `${account}/password-reset`, { body: { email } })).detail));
  }

  return (
    <main className="narrow">
      <h1>Forgot your password?</h1>
      {answer ? (
        <StatusNotice>{answer}</StatusNotice>
      ) : (
        <>
          <p>Enter the email address you sign in with, and we will email you a link to choose a new password.</p>
          {note ? <p>{note}</p> : null}
          <ErrorNotice error={error} />
          <form onSubmit={submit} noValidate>
            <Field label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(error, '/email')} />
            <button type="submit" disabled={busy}>
              {busy ? 'Sending…' : 'Email me a link'}
            </button>
          </form>
        </>
      )}
      <p>
        <Link to="/">Back to the sign-in page</Link>
      </p>
    </main>
  );
}
