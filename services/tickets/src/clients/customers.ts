import { AppError, ConflictError, ForbiddenError, GoneError, NotFoundError, UnavailableError, ValidationError, type FieldProblem } from '@helpdesk/errors';
import { GATEWAY_ASSERTION_HEADER, CORRELATION_HEADER, signGatewayAssertion, type StaffPrincipal } from '@helpdesk/http';
import { currentCorrelationId } from '@helpdesk/logging';
import { compile, Type } from '@helpdesk/validation';

/** The customers service's API, as far as this service needs it. */
export interface CustomersClient {
  /** Adds a contact to a customer as `caller`, whose permissions the customers service checks. */
  addContact(caller: StaffPrincipal, customerId: string, contact: { firstName: string; lastName: string; email: string }): Promise<{ id: string; email: string }>;
}

const timeoutMs = 5_000;

const checkAddedContact = compile(Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String() }));
const checkProblem = compile(
  Type.Object({
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() }))),
  }),
);

// Their refusal is the caller's to act on, with the same status. A 401 would mean they refused our
// assertion: a configuration fault here (503), not the caller's credentials.
const refusalByStatus: Record<number, (detail: string, problems: FieldProblem[]) => AppError> = {
  400: (detail, problems) => new ValidationError(detail, problems),
  403: (detail) => new ForbiddenError(detail),
  404: (detail) => new NotFoundError(detail),
  409: (detail) => new ConflictError(detail),
  410: (detail) => new GoneError(detail),
};

export function customersClient(baseUrl: string, internalSecret: string): CustomersClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async addContact(caller, customerId, contact) {
      let response: Response;
      try {
        response = await fetch(`${base}/api/customers/${encodeURIComponent(customerId)}/contacts`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            // A fresh assertion for the same principal: the caller's own may be close to its 60 s expiry.
            [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(internalSecret, caller),
            [CORRELATION_HEADER]: currentCorrelationId(),
          },
          body: JSON.stringify(contact),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new UnavailableError(`The customers service is not reachable (${(error as Error).message}); the contact was not added. Try again.`);
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status === 201) {
        const added = checkAddedContact(body);
        if (added.ok) return { id: added.value.id, email: added.value.email };
        throw new UnavailableError('The customers service answered with a contact we cannot read; try again.');
      }
      const refusal = refusalByStatus[response.status];
      if (!refusal) throw new UnavailableError(`The customers service failed (status ${response.status}); the contact was not added. Try again.`);
      const problem = checkProblem(body);
      const detail = problem.ok ? problem.value.detail : `The customers service refused the new contact (status ${response.status}).`;
      // Their pointers name fields of the contact; in our request those sit under /newContact.
      const problems: FieldProblem[] = problem.ok ? (problem.value.errors ?? []).map((p) => ({ ...p, pointer: `/newContact${p.pointer === '/' ? '' : p.pointer}` })) : [];
      throw refusal(detail, problems);
    },
  };
}
