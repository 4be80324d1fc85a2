import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice, Field, StatusNotice, fieldError } from './components';
import { useSession } from './session';
import { useAction } from './useAction';

/** The sign-in form of either application: email and password, the API's messages beside the fields. */
export function SignInPage({ title, notice, children }: { title: string; notice?: string | undefined; children?: ReactNode }) {
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() => signIn(email, password));
  }

  return (
    <main className="narrow">
      <h1>{title}</h1>
      {notice ? <StatusNotice>{notice}</StatusNotice> : null}
      <ErrorNotice error={error} />
      <form onSubmit={submit} noValidate>
        <Field label="Email" type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError(error, '/email')} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(error, '/password')} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {children}
    </main>
  );
}
