import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { ApiError } from './api';

/** The ids that tie a field's label, hint and error to its control (aria-describedby, aria-invalid). */
function useFieldIds(error: string | undefined, hint: string | undefined) {
  const id = useId();
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return { id, control: { id, 'aria-invalid': error ? true : undefined, 'aria-describedby': described } };
}

/** A field's frame: the label, the hint, the control and its error. */
function FieldFrame({ id, label, hint, error, children }: { id: string; label: string; hint?: string | undefined; error?: string | undefined; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? <p id={`${id}-hint`} className="hint">{hint}</p> : null}
      {children}
      {error ? <p id={`${id}-error`} className="field-error">{error}</p> : null}
    </div>
  );
}

interface FieldProps {
  label: string;
  error?: string | undefined;
  hint?: string;
}

/** A labelled input whose error, if any, is tied to it for screen readers (aria-describedby, aria-invalid). */
export function Field({ label, error, hint, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const { id, control } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <input {...control} {...input} />
    </FieldFrame>
  );
}

/** A labelled select, its options as children or as `options`. */
export function SelectField({ label, error, hint, children, options, ...select }: FieldProps & { options?: Array<{ value: string; label: string }> } & SelectHTMLAttributes<HTMLSelectElement>) {
  const { id, control } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <select {...control} {...select}>
        {options?.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled multi-line text. */
export function TextAreaField({ label, error, hint, ...textarea }: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, control } = useFieldIds(error, hint);
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <textarea {...control} {...textarea} />
    </FieldFrame>
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
