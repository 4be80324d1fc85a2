import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import { ApiError } from './api';

/** A labelled input whose error, if any, is tied to it for screen readers (aria-describedby, aria-invalid). */
export function Field({ label, error, hint, ...input }: { label: string; error?: string | undefined; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error ? <p id={`${id}-error`} className="field-error">{error}</p> : null}
    </div>
  );
}

/** What went wrong, announced as it appears. */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div role="alert" className="notice notice-error">
      {message}
    </div>
  );
}

/** A message that is not an error (sent, saved), announced politely. */
export function StatusNotice({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="notice notice-info">
      {children}
    </div>
  );
}

export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p role="status" aria-live="polite" className="loading">
      {what}…
    </p>
  );
}

/** The message of a field in an ApiError's problem details (`/email`). */
export function fieldError(error: unknown, pointer: string): string | undefined {
  return error instanceof ApiError ? error.fieldMessage(pointer) : undefined;
}
