import { Type, type Static, type TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { fullFormats } from 'ajv-formats/dist/formats';
import { UnprocessableError, ValidationError, type FieldProblem } from '@helpdesk/errors';

export { Type };
export type { Static, TSchema };

function newAjv(coerceTypes: boolean) {
  // verbose: errors carry their schema, so a choice among constants can be named in one message.
  // multipleOfPrecision: 0.07 / 0.01 is 7.000000000000001 in floating point; without it `multipleOf: 0.01` (hours with two decimals) refuses 0.07.
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, strict: false, verbose: true, multipleOfPrecision: 9 });
  addFormats(ajv);
  // PostgreSQL's uuid type refuses ajv-formats' `urn:uuid:` prefix, and its date types refuse the year 0000:
  // the formats accept only what every service's database takes, so bad input is a 4xx, never a 500.
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date', { type: 'string', validate: (value: string) => rfc3339.date.validate(value) && value >= '0001-01-01', compare: rfc3339.date.compare });
  ajv.addFormat('date-time', { type: 'string', validate: (value: string) => rfc3339['date-time'].validate(value) && isStorableInstant(value), compare: rfc3339['date-time'].compare });
  return ajv;
}

/**
 * The instants every service can store: PostgreSQL has no year 0 ("date/time field value out of range") and
 * Prisma converts no year past 9999; a day's margin at each end keeps a time written in any zone inside them.
 * Technical bounds only: they must never refuse an event that was valid before (an email dated 1601 is one).
 */
export const EARLIEST_INSTANT = Date.parse('0001-01-02T00:00:00Z');
export const LATEST_INSTANT = Date.parse('9999-12-30T00:00:00Z');

/** Whether a date-time names an instant inside the storable bounds (a leap second, which Date cannot hold, does not). */
export function isStorableInstant(value: string): boolean {
  const at = Date.parse(value);
  return at >= EARLIEST_INSTANT && at < LATEST_INSTANT;
}

/** What a bad date or date-time is told: the bounds are a rule of their own, so they are named. */
const dayFormats = {
  date: 'must be a date (YYYY-MM-DD) in the years 0001 to 9999',
  'date-time': 'must be a date and time (RFC 3339, with a time zone) between 0001-01-02 and 9999-12-30 UTC',
};

const rfc3339 = fullFormats as unknown as Record<'date' | 'date-time', { validate: (value: string) => boolean; compare: (a: string, b: string) => number | undefined }>;

const strictAjv = newAjv(false);
const coercingAjv = newAjv(true);

function toProblem(error: ErrorObject): FieldProblem {
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { pointer: `${error.instancePath}/${field}`, message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return { pointer: `${error.instancePath}/${field}`, message: 'is not an allowed field' };
  }
  if (error.keyword === 'pattern' && (error.params as { pattern: string }).pattern === NOT_BLANK) {
    return { pointer: error.instancePath || '/', message: 'must not be blank' };
  }
  if (error.keyword === 'type' && error.instancePath === '' && error.data === undefined) {
    return { pointer: '/', message: 'is missing: send a JSON object' };
  }
  if (error.keyword === 'format' && error.params.format in dayFormats) {
    return { pointer: error.instancePath || '/', message: dayFormats[error.params.format as keyof typeof dayFormats] };
  }
  if (error.keyword === 'enum') {
    return { pointer: error.instancePath || '/', message: `must be one of ${listValues((error.params as { allowedValues: unknown[] }).allowedValues)}` };
  }
  return { pointer: error.instancePath || '/', message: error.message ?? 'is invalid' };
}

const listValues = (values: unknown[]) => values.map((v) => JSON.stringify(v)).join(', ');

/** The constants a union of literals (TypeBox's way to say enum) allows; undefined for any other anyOf. */
function choiceOfConstants(error: ErrorObject): unknown[] | undefined {
  if (error.keyword !== 'anyOf' || !Array.isArray(error.schema)) return undefined;
  const branches = error.schema as Array<{ const?: unknown }>;
  return branches.every((branch) => branch && typeof branch === 'object' && 'const' in branch) ? branches.map((branch) => branch.const) : undefined;
}

/**
 * Ajv reports a value outside a union of literals once per literal ("must be equal to constant" nine
 * times) and then the union; say it once, naming the values allowed.
 */
function toProblems(errors: ErrorObject[]): FieldProblem[] {
  const choices = errors.flatMap((error) => {
    const values = choiceOfConstants(error);
    return values ? [{ error, values }] : [];
  });
  const insideChoice = (error: ErrorObject) => choices.some(({ error: choice }) => error !== choice && error.schemaPath.startsWith(`${choice.schemaPath}/`));
  return errors
    .filter((error) => !insideChoice(error))
    .map((error) => {
      const choice = choices.find((c) => c.error === error);
      return choice ? { pointer: error.instancePath || '/', message: `must be one of ${listValues(choice.values)}` } : toProblem(error);
    });
}

export type CheckResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };
export type Check<T> = (value: unknown) => CheckResult<T>;

/**
 * Compiles a TypeBox schema once, at its first use: a process pays only for the schemas it meets
 * (compiling every route's and event's schema at start cost each service megabytes). With `coerce`, strings are converted to the declared types
 * (environment variables, query strings); defaults are filled in either way.
 */
export function compile<S extends TSchema>(schema: S, options: { coerce?: boolean } = {}): Check<Static<S>> {
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= (options.coerce ? coercingAjv : strictAjv).compile(schema);
    if (validate(value)) return { ok: true, value: value as Static<S> };
    return { ok: false, problems: toProblems(validate.errors ?? []) };
  };
}

/**
 * Like `compile`, but throws a ValidationError (400) naming every bad field; with `unprocessable`, an
 * UnprocessableError (422) instead, for APIs whose documented field rules answer 422 (docs/contracts.md).
 */
export function compileParser<S extends TSchema>(
  schema: S,
  what: string,
  options: { coerce?: boolean; unprocessable?: boolean } = {},
): Parser<S> {
  const check = compile(schema, options);
  const parse = (value: unknown) => {
    const result = check(value);
    if (result.ok) return result.value;
    throw invalidInput(what, result.problems, options.unprocessable ?? false);
  };
  return Object.defineProperty(parse, 'schema', { value: schema, enumerable: true }) as Parser<S>;
}

/**
 * A parser that carries the schema it validates with, so the API description (libs/openapi) is made
 * from the very schema requests are checked against, never from a copy written beside it.
 */
export type Parser<S extends TSchema> = ParserOf<Static<S>> & { readonly schema: S };

/**
 * A parser that goes on from another's result (defaults the schema cannot give, rounding), carrying
 * the same schema: what it takes is what that schema says.
 */
export function refineParser<S extends TSchema, T>(parser: Parser<S>, refine: (value: Static<S>) => T): ParserOf<T> & { readonly schema: S } {
  const parse = (value: unknown) => refine(parser(value));
  return Object.defineProperty(parse, 'schema', { value: parser.schema, enumerable: true }) as ParserOf<T> & { readonly schema: S };
}

/**
 * A parser that first refuses, with a message of its own, input its schema would refuse less
 * helpfully (a field that cannot be changed, which the schema calls "not an allowed field"), carrying
 * the same schema.
 */
export function guardParser<P extends ParserOf<unknown>>(parser: P, guard: (value: unknown) => void): P {
  const parse = (value: unknown) => {
    guard(value);
    return parser(value);
  };
  return Object.defineProperty(parse, 'schema', { value: parser.schema, enumerable: true }) as unknown as P;
}

/** A parser known by what it returns (a routes table's, whatever its schema). */
export type ParserOf<T> = ((value: unknown) => T) & { readonly schema: TSchema };

/** The error for these problems of `what`, one sentence naming every field and rule; 422 unless `unprocessable` is false (400). */
export function invalidInput(what: string, problems: FieldProblem[], unprocessable = true): ValidationError | UnprocessableError {
  const message = `The ${what} is invalid: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}.`;
  return unprocessable ? new UnprocessableError(message, problems) : new ValidationError(message, problems);
}

const NOT_BLANK = '\\S';

/** A string with at least one non-space character and at most `max` characters. */
export function Text(max: number) {
  return Type.String({ maxLength: max, pattern: NOT_BLANK });
}

/** An email address (RFC 5321 caps it at 254 characters). */
export const Email = Type.String({ format: 'email', maxLength: 254 });
