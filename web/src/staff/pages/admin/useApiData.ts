import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';

/** A GET the screen shows, read again on `reload()` (after a change) and whenever the path changes. */
export function useApiData<T>(path: string | undefined) {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === undefined) return;
    const controller = new AbortController();
    setError(undefined);
    api<T>('GET', path, { signal: controller.signal }).then(setData, (failure: unknown) => {
      if ((failure as Error).name !== 'AbortError') setError(failure);
    });
    return () => controller.abort();
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { data, error, reload };
}

/**
 * One change the screen sends: `run` resolves with the answer, or keeps the ApiError in `error` for the
 * form to show (its detail above, its field messages beside the fields) and resolves with undefined.
 */
export function useAction() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
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
  return { error, busy, run, clear: () => setError(undefined) };
}
