import { useCallback, useState } from 'react';

/**
 * A form's submission: busy while its action runs (the button says so and cannot be pressed twice), and
 * the error the action ended with, kept whole so that each field's message goes beside the field.
 */
export function useSubmission() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const run = useCallback(async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
