import { UnavailableError } from '@helpdesk/errors';
import { serviceClient, type Signer } from '@helpdesk/http';
import { compile, Type, type Static } from '@helpdesk/validation';

const PortalAccessSchema = Type.Object({
  status: Type.Union([Type.Literal('none'), Type.Literal('invited'), Type.Literal('active')]),
  /** The customer the login or the invitation is for; null when the gateway has none. */
  customerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
});

/** A contact's portal login as the gateway has it: what decides whether they can sign in. */
export type PortalAccess = Static<typeof PortalAccessSchema>;

/** The gateway's internal API, as far as this service needs it. */
export interface GatewayClient {
  /**
   * Ends the contact's portal access at once (login, open invitations, issued tokens), as of
   * `contactVersion`: the version the change that ends it (a move, a deactivation, Disable Login, a new email) will commit. Throws UnavailableError unless confirmed.
   */
  revokePortalAccess(contactId: string, contactVersion: number): Promise<void>;
  /** The contact's portal login as the gateway has it now; throws UnavailableError when it cannot tell. */
  portalAccess(contactId: string): Promise<PortalAccess>;
}

const timeoutMs = 5_000;
const checkPortalAccess = compile(PortalAccessSchema);

/** `baseUrl`: the gateway's internal listener; every call is signed with this service's own key. */
export function gatewayClient(baseUrl: string, signer: Signer): GatewayClient {
  const request = serviceClient(signer, { service: 'gateway', baseUrl, timeoutMs });

  /** One call to the gateway; anything but a 2xx in time is an UnavailableError that says `refused`. */
  async function call(path: string, init: { method: string; body?: unknown }, refused: (reason: string) => string): Promise<Response> {
    const fail = (reason: string) => new UnavailableError(refused(reason));
    let response: Response;
    try {
      response = await request(init.method, path, init.body);
    } catch (error) {
      throw fail((error as Error).message);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw fail(`status ${response.status}`);
    }
    return response;
  }

  const accessPath = (contactId: string) => `/internal/portal-access/${encodeURIComponent(contactId)}`;

  return {
    async revokePortalAccess(contactId, contactVersion) {
      const response = await call(
        `${accessPath(contactId)}/revoke`,
        { method: 'POST', body: { contactVersion } },
        (reason) => `The gateway did not confirm that the portal access of contact ${contactId} ended (${reason}); nothing was changed. Try again.`,
      );
      await response.body?.cancel();
    },

    async portalAccess(contactId) {
      const refused = (reason: string) => `The gateway could not say whether contact ${contactId} can sign in to the portal (${reason}); nothing was changed. Try again.`;
      const response = await call(accessPath(contactId), { method: 'GET' }, refused);
      const answer = checkPortalAccess(await response.json().catch(() => undefined));
      if (!answer.ok) throw new UnavailableError(refused('unexpected answer'));
      return answer.value;
    },
  };
}
