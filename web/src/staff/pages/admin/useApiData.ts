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

/**
 * The changes of a list screen: each sent with the message to show once it succeeded, after which
 * `onDone` reads the list again (and closes what the screen had open).
 */
export function useChanges(onDone: () => void) {
  const action = useAction();
  const [status, setStatus] = useState<string>();
  const { run } = action;
  const send = useCallback(
    async (request: () => Promise<unknown>, message: string): Promise<boolean> => {
      setStatus(undefined);
      if (!(await run(async () => (await request(), true)))) return false;
      setStatus(message);
      onDone();
      return true;
    },
    [run, onDone],
  );
  return { ...action, status, send };
}

/** Sets one parameter of the page's address (none when empty); any change of filter starts the list again. */
export function setParam(setParams: (change: (current: URLSearchParams) => URLSearchParams) => void, name: string, value: string) {
  setParams((current) => {
    const next = new URLSearchParams(current);
    if (name !== 'cursor') next.delete('cursor');
    if (value === '') next.delete(name);
    else next.set(name, value);
    return next;
  });
}
