import { UnavailableError } from '@helpdesk/errors';
import { GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '@helpdesk/http';

/** The gateway's internal API, as far as this service needs it. */
export interface GatewayClient {
  /** Ends the contact's portal access at once (login, open invitations, issued tokens); throws UnavailableError unless confirmed. */
  revokePortalAccess(contactId: string): Promise<void>;
}

const timeoutMs = 5_000;

export function gatewayClient(baseUrl: string, internalSecret: string): GatewayClient {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async revokePortalAccess(contactId) {
      const refused = (reason: string) =>
        new UnavailableError(`The gateway did not confirm that the portal access of contact ${contactId} ended (${reason}); nothing was changed. Try again.`);
      let response: Response;
      try {
        response = await fetch(`${base}/internal/portal-access/${encodeURIComponent(contactId)}/revoke`, {
          method: 'POST',
          headers: { [GATEWAY_ASSERTION_HEADER]: signGatewayAssertion(internalSecret, { kind: 'service', service: 'customers' }) },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw refused((error as Error).message);
      }
      await response.body?.cancel();
      if (!response.ok) throw refused(`status ${response.status}`);
    },
  };
}
