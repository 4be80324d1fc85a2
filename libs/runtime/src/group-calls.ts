interface Waiting<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Gathers calls into groups: those that arrive in the same turn of the event loop, or while a group
 * is running, go together as the next group. Under load a service then handles many events in one
 * statement; an event that arrives alone goes at once, with no added wait.
 *
 * A group that fails is run again item by item, so that each call gets its own outcome: one bad
 * event fails alone, and an outage still fails every call (each caller then holds its message).
 */
export function groupCalls<T>(runGroup: (items: T[]) => Promise<void>, maxGroup: number): (item: T) => Promise<void> {
  let waiting: Array<Waiting<T>> = [];
  let scheduled = false;

  const runOne = (call: Waiting<T>) => runGroup([call.item]).then(call.resolve, call.reject);

  async function runWaiting(): Promise<void> {
    while (waiting.length > 0) {
      const group = waiting.slice(0, maxGroup);
      waiting = waiting.slice(group.length);
      try {
        await runGroup(group.map((call) => call.item));
        for (const call of group) call.resolve();
      } catch (error) {
        if (group.length === 1) group[0]!.reject(error);
        else await Promise.all(group.map(runOne));
      }
    }
    scheduled = false;
  }

  return (item) =>
    new Promise<void>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (scheduled) return;
      scheduled = true;
      setImmediate(() => void runWaiting());
    });
}
