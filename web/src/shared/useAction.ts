import { useCallback, useState } from 'react';

/**
 * One request a page sends (a form's submit, a row's button), with what every page shows of it: busy while
 * it runs (the button disabled, so it cannot be sent twice), and the error it ended with, kept whole so that
 * the detail goes above the form and each field's message beside its field (ErrorNotice, fieldError);
 * cleared when it runs again. `run` resolves with the answer, or with undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await send();
    } catch (failure) {
      setError(failure);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(undefined), []);
  return { run, busy, error, clear };
}
