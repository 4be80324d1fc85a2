import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What ties a log line or an event to the request that caused it. */
export interface RequestContext {
  correlationId: string;
  /** The id of the event being handled, when the work was caused by an event. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The correlation id of the work in progress, or a new one for work that starts here (a timer, a poll). */
export function currentCorrelationId(): string {
  return storage.getStore()?.correlationId ?? randomUUID();
}
