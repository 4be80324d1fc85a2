import { useCallback, useState } from 'react';

/**
 * What a form's submit does, with the states every form shows: busy while it runs (the button disabled),
 * the error it ended with (ErrorNotice, fieldError), cleared when it runs again. Resolves true on success.
 */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(
    async (...args: A): Promise<boolean> => {
      setBusy(true);
      setError(undefined);
      try {
        await action(...args);
        return true;
      } catch (failure) {
        setError(failure);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, setError };
}
