/** A field-level reason why input was refused, so a person knows what to change. */
export interface FieldProblem {
  /** JSON pointer to the field, e.g. `/requesterEmail`; `/` for the whole body. */
  pointer: string;
  message: string;
}

/** The kinds of failure the domain can report; libs/errors alone maps them to HTTP. */
export type ErrorKind =
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'gone'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'header_fields_too_large'
  | 'too_many_requests'
  | 'unavailable'
  | 'bad_gateway'
  | 'gateway_timeout';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly title: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, problems: FieldProblem[] = []) {
    super('validation', message, 'Invalid request', problems);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first: this request needs a valid access token.') {
    super('unauthorized', message, 'Not authenticated');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this.') {
    super('forbidden', message, 'Forbidden');
  }
}

export class NotFoundError extends AppError {
  constructor(message: string) {
    super('not_found', message, 'Not found');
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super('conflict', message, 'Conflict');
  }
}

/** Well-formed input that breaks a rule (docs/contracts.md's field rules): 422, naming each field and its rule. */
export class UnprocessableError extends AppError {
  constructor(message: string, problems: FieldProblem[]) {
    super('unprocessable', message, 'Unprocessable content', problems);
  }
}

export class GoneError extends AppError {
  constructor(message: string) {
    super('gone', message, 'Gone');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message: string) {
    super('payload_too_large', message, 'Payload too large');
  }
}

/** The path exists but not with this method; `allowedMethods` becomes the Allow header. */
export class MethodNotAllowedError extends AppError {
  constructor(
    message: string,
    readonly allowedMethods: string[],
  ) {
    super('method_not_allowed', message, 'Method not allowed');
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message: string) {
    super('unsupported_media_type', message, 'Unsupported media type');
  }
}

export class HeaderFieldsTooLargeError extends AppError {
  constructor(message: string) {
    super('header_fields_too_large', message, 'Request header fields too large');
  }
}

/** Refused for now; `retryAfterSeconds` becomes the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('too_many_requests', message, 'Too many requests');
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super('unavailable', message, 'Service unavailable');
  }
}

/** Another server answered with something that is no answer, or broke off before answering. */
export class BadGatewayError extends AppError {
  constructor(message: string) {
    super('bad_gateway', message, 'Bad gateway');
  }
}

/** Another server did not answer in time. */
export class GatewayTimeoutError extends AppError {
  constructor(message: string) {
    super('gateway_timeout', message, 'Gateway timeout');
  }
}
