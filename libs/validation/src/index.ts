import { Type, type Static, type TSchema } from '@sinclair/typebox';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ValidationError, type FieldProblem } from '@helpdesk/errors';

export { Type };
export type { Static, TSchema };

function newAjv(coerceTypes: boolean) {
  const ajv = new Ajv({ allErrors: true, coerceTypes, useDefaults: true, strict: false });
  addFormats(ajv);
  return ajv;
}

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
  return { pointer: error.instancePath || '/', message: error.message ?? 'is invalid' };
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
    return { ok: false, problems: (validate.errors ?? []).map(toProblem) };
  };
}

/** Like `compile`, but throws a ValidationError naming every bad field. */
export function compileParser<S extends TSchema>(
  schema: S,
  what: string,
  options: { coerce?: boolean } = {},
): (value: unknown) => Static<S> {
  const check = compile(schema, options);
  return (value) => {
    const result = check(value);
    if (result.ok) return result.value;
    const summary = result.problems.map((p) => `${p.pointer} ${p.message}`).join('; ');
    throw new ValidationError(`The ${what} is invalid: ${summary}.`, result.problems);
  };
}

const NOT_BLANK = '\\S';

/** A string with at least one non-space character and at most `max` characters. */
export function Text(max: number) {
  return Type.String({ maxLength: max, pattern: NOT_BLANK });
}

/** An email address (RFC 5321 caps it at 254 characters). */
export const Email = Type.String({ format: 'email', maxLength: 254 });
