import { randomUUID } from 'node:crypto';
import { compile, type Check, type Static, type TSchema } from '@helpdesk/validation';
import { EnvelopeSchema, type AggregateVersion, type Envelope, type EventDefinition } from './envelope.js';
import { catalog, findEventDefinition } from './catalog.js';

export class InvalidEventError extends Error {}

const checkEnvelope = compile(EnvelopeSchema);
// compile() defers the work to the first check, so a service pays only for the events it meets.
const dataChecks = new Map<EventDefinition, Check<unknown>>(catalog.map((definition) => [definition, compile(definition.schema)]));

function checkData(definition: EventDefinition, data: unknown): void {
  const result = dataChecks.get(definition)!(data);
  if (!result.ok) {
    const reasons = result.problems.map((p) => `${p.pointer} ${p.message}`).join('; ');
    throw new InvalidEventError(`${definition.type} v${definition.version} data is invalid: ${reasons}`);
  }
}

/** Raw message body -> a validated envelope whose data matches its catalogued schema. */
export function parseEvent(raw: Buffer | string): Envelope {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch {
    throw new InvalidEventError('message body is not JSON');
  }
  const envelope = checkEnvelope(value);
  if (!envelope.ok) {
    throw new InvalidEventError(`envelope is invalid: ${envelope.problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}`);
  }
  const { type, version, aggregate } = envelope.value;
  const definition = findEventDefinition(type, version);
  if (!definition) throw new InvalidEventError(`${type} v${version} is not in the catalog`);
  if (aggregate.type !== definition.aggregate) {
    throw new InvalidEventError(`${type} v${version} is about a ${definition.aggregate}, not a ${aggregate.type}`);
  }
  checkData(definition, envelope.value.data);
  return envelope.value;
}

export interface EventOrigin {
  producer: string;
  correlationId: string;
  causationId?: string | null;
}

/**
 * Builds the envelope of a new event about `aggregate` (its id, and its version with the change). The
 * data is checked against the schema, and the producer must be the one the catalog names: a service
 * cannot emit another service's events.
 */
export function createEvent<S extends TSchema>(
  definition: EventDefinition<S>,
  aggregate: AggregateVersion,
  data: Static<S>,
  origin: EventOrigin,
): Envelope<Static<S>> {
  if (!catalog.includes(definition as EventDefinition)) {
    throw new InvalidEventError(`${definition.type} v${definition.version} is not in the catalog`);
  }
  if (definition.producer !== origin.producer) {
    throw new InvalidEventError(`${origin.producer} may not emit ${definition.type}: its producer is ${definition.producer}`);
  }
  if (!Number.isInteger(aggregate.version) || aggregate.version < 1) {
    throw new InvalidEventError(`${definition.type}: the version of ${definition.aggregate} ${aggregate.id} must be a whole number from 1, not ${aggregate.version}`);
  }
  checkData(definition as EventDefinition, data);
  return {
    id: randomUUID(),
    type: definition.type,
    version: definition.version,
    aggregate: { type: definition.aggregate, id: aggregate.id, version: aggregate.version },
    occurredAt: new Date().toISOString(),
    producer: origin.producer,
    correlationId: origin.correlationId,
    causationId: origin.causationId ?? null,
    data,
  };
}
