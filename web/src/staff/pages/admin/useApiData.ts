import { useCallback, useEffect, useState } from 'react';
import { api } from '../../../shared/api';
import { useAction } from '../../../shared/useAction';

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

// The administration's screens run their changes through the pages' one hook.
export { useAction };

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

/** The Pager's moves of a list whose page is in the address (`cursor`): Back from an item returns to that page. */
export function pagingInAddress(setParams: Parameters<typeof setParam>[0]) {
  return { onStart: () => setParam(setParams, 'cursor', ''), onNext: (next: string) => setParam(setParams, 'cursor', next) };
}
