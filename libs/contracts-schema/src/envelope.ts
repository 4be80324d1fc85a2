import { Type, type Static, type TSchema } from '@helpdesk/validation';

/**
 * The entity an event is about, and its version once the change was made. The producer counts the
 * version up in the transaction that makes the change, so the versions of one aggregate order its
 * events whatever order they arrive in (clocks do not: two instances' clocks differ). The events one
 * transaction records about an aggregate share its version.
 */
export const AggregateSchema = Type.Object({
  type: Type.String({ pattern: '^[a-z][a-z_]*$' }),
  id: Type.String({ minLength: 1, maxLength: 200 }),
  version: Type.Integer({ minimum: 1 }),
});

/** Which aggregate, at which version: what a producer passes when it records an event. */
export interface AggregateVersion {
  id: string;
  version: number;
}

/** What every event carries around its data; the same for every type and version. */
export const EnvelopeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String({ pattern: '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$' }),
  /** The version of the event's schema (its file `<name>.v<N>.ts`), not of the aggregate. */
  version: Type.Integer({ minimum: 1 }),
  aggregate: AggregateSchema,
  /** When the producer recorded the event, by its clock: for people and logs, never for ordering. */
  occurredAt: Type.String({ format: 'date-time' }),
  producer: Type.String({ minLength: 1 }),
  correlationId: Type.String({ minLength: 1, maxLength: 200 }),
  causationId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export type Envelope<T = Record<string, unknown>> = Omit<Static<typeof EnvelopeSchema>, 'data'> & { data: T };

/** What the broker's message properties carry of an event, beside its serialised body. */
export type EventHeader = Pick<Envelope, 'id' | 'type' | 'version' | 'correlationId' | 'occurredAt'>;

/** One event type at one version: its schema, its producer and an example that must validate. */
export interface EventDefinition<S extends TSchema = TSchema> {
  type: string;
  version: number;
  producer: string;
  /** The type of aggregate whose version the event carries, e.g. `contact`. */
  aggregate: string;
  description: string;
  schema: S;
  example: Static<S>;
}

export function defineEvent<S extends TSchema>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export type EventData<D> = D extends EventDefinition<infer S> ? Static<S> : never;
