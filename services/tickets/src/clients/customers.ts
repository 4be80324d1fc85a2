import { AppError, ConflictError, GoneError, NotFoundError, UnavailableError, ValidationError, type FieldProblem } from '@helpdesk/errors';
import { serviceClient, type Signer } from '@helpdesk/http';
import { compile, Type } from '@helpdesk/validation';

/** The customers service's API, as far as this service needs it. */
export interface CustomersClient {
  /**
   * Adds a contact to a customer. The tickets service asks as itself: the agent's permission and
   * team access are checked here before asking, and the customers service answers this one request of ours.
   */
  addContact(customerId: string, contact: { firstName: string; lastName: string; email: string }): Promise<{ id: string; email: string }>;
  /**
   * The contact with this address under the customer, added if there is none (an email from an
   * unknown sender on the customer's email domain, issue 11 §6). Idempotent: asked again, the same contact.
   */
  contactByEmail(customerId: string, sender: { email: string; name: string | null }): Promise<{ id: string; customerId: string; email: string }>;
}

/**
 * The customers service could not answer (unreachable, timed out): the cause is kept, so that the bus
 * recognises an outage (isInfrastructureError) and holds the email's event until it answers again.
 */
export class CustomersUnreachableError extends UnavailableError {
  constructor(message: string, cause: unknown) {
    super(message);
    this.cause = cause;
  }
}

const timeoutMs = 5_000;

const checkAddedContact = compile(Type.Object({ id: Type.String({ format: 'uuid' }), email: Type.String() }));
const checkContactOfCustomer = compile(Type.Object({ id: Type.String({ format: 'uuid' }), customerId: Type.String({ format: 'uuid' }), email: Type.String() }));
const checkProblem = compile(
  Type.Object({
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ pointer: Type.String(), message: Type.String() }))),
  }),
);

// Their refusal is the caller's to act on, with the same status. A 401 or 403 would mean they refused
// our signature or this service: a configuration fault here (503), not the agent's doing.
const refusalByStatus: Record<number, (detail: string, problems: FieldProblem[]) => AppError> = {
  400: (detail, problems) => new ValidationError(detail, problems),
  404: (detail) => new NotFoundError(detail),
  409: (detail) => new ConflictError(detail),
  410: (detail) => new GoneError(detail),
};

/** `baseUrl`: the customers service's internal listener; every call is signed with this service's own key. */
export function customersClient(baseUrl: string, signer: Signer): CustomersClient {
  const request = serviceClient(signer, { service: 'customers', baseUrl, timeoutMs });
  return {
    async addContact(customerId, contact) {
      let response: Response;
      try {
        response = await request('POST', `/internal/customers/${encodeURIComponent(customerId)}/contacts`, contact);
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

    async contactByEmail(customerId, sender) {
      let response: Response;
      try {
        response = await request('PUT', `/internal/customers/${encodeURIComponent(customerId)}/contacts/by-email`, { email: sender.email, name: sender.name });
      } catch (error) {
        throw new CustomersUnreachableError(`The customers service is not reachable (${(error as Error).message}); the sender's contact was not added.`, error);
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.status === 200 || response.status === 201) {
        const contact = checkContactOfCustomer(body);
        if (contact.ok) return contact.value;
        throw new UnavailableError('The customers service answered with a contact we cannot read.');
      }
      const problem = checkProblem(body);
      const detail = problem.ok ? problem.value.detail : `status ${response.status}`;
      // 409: the address is another customer's contact, which this service has not heard of yet;
      // the email is filed again once the event has arrived (the bus retries it).
      throw new UnavailableError(`The customers service did not add the sender ${sender.email} to customer ${customerId}: ${detail}`);
    },
  };
}
