import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError } from './api';
import { ErrorNotice, Field, StatusNotice, fieldError } from './components';
import { useSession } from './session';
import { useAction } from './useAction';

/** What an emailed link (an invitation, a password reset) is for: where its password goes and what the page says. */
export interface PasswordLink {
  title: string;
  intro: string;
  /** The API that takes `{token, password}` and answers the account's `email`. */
  endpoint: string;
  submitLabel: string;
  /** Where a person whose link no longer works gets another, beside the sign-in page. */
  renewal?: { to: string; label: string };
}

/**
 * A link the API refuses for good: damaged (400 naming the token), unknown (404), used, expired or
 * replaced (410), or the portal switched off (403). Its message says what to do; the form has no use.
 */
function refusedLink(error: unknown): error is ApiError {
  return error instanceof ApiError && ([403, 404, 410].includes(error.status) || (error.status === 400 && error.fieldMessage('/token') !== undefined));
}

/**
 * The page an emailed link opens: the person chooses a password (the API's policy messages beside the
 * field), then is signed in with it and lands on the start page.
 */
export function ChoosePasswordPage({ link }: { link: PasswordLink }) {
  const [params, setParams] = useSearchParams();
  // Read once, then taken out of the address bar (and so of the history and of what a screen share shows).
  const [token] = useState(() => params.get('token') ?? '');
  useEffect(() => {
    if (params.has('token')) setParams({}, { replace: true });
  }, [params, setParams]);
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [password, setPassword] = useState('');
  const [repeated, setRepeated] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const [refusal, setRefusal] = useState<string | undefined>(token === '' ? 'This link is incomplete: open the link from the email again.' : undefined);
  // The account's email once the password is set, should signing in with it fail (then the person signs in themselves).
  const [setFor, setSetFor] = useState<string>();
  const { busy, error, clear, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    setMismatch(password !== repeated);
    if (password !== repeated) return clear();
    void run(async () => {
      let email: string;
      try {
        ({ email } = await api<{ email: string }>('POST', link.endpoint, { body: { token, password } }));
      } catch (failure) {
        if (!refusedLink(failure)) throw failure;
        return setRefusal(failure.message);
      }
      try {
        await signIn(email, password);
        navigate('/', { replace: true });
      } catch {
        setSetFor(email);
      }
    });
  }

  const ways = (
    <ul>
      <li>
        <Link to="/">Go to the sign-in page</Link>
      </li>
      {link.renewal ? (
        <li>
          <Link to={link.renewal.to}>{link.renewal.label}</Link>
        </li>
      ) : null}
    </ul>
  );

  let content;
  if (refusal) {
    content = (
      <>
        <div role="alert" className="notice notice-error">
          {refusal}
        </div>
        {ways}
      </>
    );
  } else if (setFor) {
    content = (
      <>
        <StatusNotice>Your password is set. Sign in with {setFor} and your new password.</StatusNotice>
        <p>
          <Link to="/">Go to the sign-in page</Link>
        </p>
      </>
    );
  } else {
    content = (
      <>
        <p>{link.intro}</p>
        <ErrorNotice error={error} />
        <form onSubmit={submit} noValidate>
          <Field label="New password" hint="At least 12 characters. A few words you will remember make a good one." type="password" name="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(error, '/password')} />
          <Field label="Repeat the new password" type="password" name="repeated-password" autoComplete="new-password" required value={repeated} onChange={(e) => setRepeated(e.target.value)} error={mismatch ? 'is not the same as the new password' : undefined} />
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : link.submitLabel}
          </button>
        </form>
      </>
    );
  }

  return (
    <main className="narrow">
      <h1>{link.title}</h1>
      {content}
    </main>
  );
}
