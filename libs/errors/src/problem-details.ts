import { AppError, type ErrorKind, type FieldProblem } from './app-error.js';

/** RFC 9457 problem details, the one error shape of every HTTP answer. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  correlationId?: string;
  errors?: FieldProblem[];
}

const statusByKind: Record<ErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  gone: 410,
  method_not_allowed: 405,
  payload_too_large: 413,
  unsupported_media_type: 415,
  header_fields_too_large: 431,
  too_many_requests: 429,
  unavailable: 503,
  bad_gateway: 502,
  gateway_timeout: 504,
};

export function statusOf(kind: ErrorKind): number {
  return statusByKind[kind];
}

/** Turns any thrown value into a problem; anything that is not an AppError is a bug and says no more than that. */
export function toProblemDetails(error: unknown, instance?: string): ProblemDetails {
  if (error instanceof AppError) {
    return {
      type: `https://helpdesk.dev/problems/${error.kind.replace(/_/g, '-')}`,
      title: error.title,
      status: statusByKind[error.kind],
      detail: error.message,
      ...(instance ? { instance } : {}),
      ...(error.problems.length > 0 ? { errors: error.problems } : {}),
    };
  }
  return {
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; please try again or report the correlation id.',
    ...(instance ? { instance } : {}),
  };
}
