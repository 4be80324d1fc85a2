import { Type, type Static, type TSchema } from '@helpdesk/validation';

/** What every event carries around its data; the same for every type and version. */
export const EnvelopeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  type: Type.String({ pattern: '^[a-z][a-z_]*(\\.[a-z][a-z_]*)+$' }),
  version: Type.Integer({ minimum: 1 }),
  occurredAt: Type.String({ format: 'date-time' }),
  producer: Type.String({ minLength: 1 }),
  correlationId: Type.String({ minLength: 1, maxLength: 200 }),
  causationId: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});

export type Envelope<T = Record<string, unknown>> = Omit<Static<typeof EnvelopeSchema>, 'data'> & { data: T };

/** One event type at one version: its schema, its producer and an example that must validate. */
export interface EventDefinition<S extends TSchema = TSchema> {
  type: string;
  version: number;
  producer: string;
  description: string;
  schema: S;
  example: Static<S>;
}

export function defineEvent<S extends TSchema>(definition: EventDefinition<S>): EventDefinition<S> {
  return definition;
}

export type EventData<D> = D extends EventDefinition<infer S> ? Static<S> : never;
