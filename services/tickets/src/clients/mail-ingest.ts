import { BadGatewayError, NotFoundError, UnavailableError } from '@helpdesk/errors';
import { serviceClient, type Signer } from '@helpdesk/http';

/** mail-ingest's internal API, as far as this service needs it: the bytes of inbound email attachments. */
export interface MailIngestClient {
  attachmentContent(id: string): Promise<Buffer>;
}

const timeoutMs = 30_000;

/** `baseUrl`: mail-ingest's internal listener; every call is signed with this service's own key. */
export function mailIngestClient(baseUrl: string, signer: Signer): MailIngestClient {
  const request = serviceClient(signer, { service: 'mail-ingest', baseUrl, timeoutMs });
  return {
    async attachmentContent(id) {
      let response: Response;
      try {
        response = await request('GET', `/internal/attachments/${encodeURIComponent(id)}`);
      } catch (error) {
        throw new UnavailableError(`mail-ingest is not reachable (${(error as Error).message}); the attachment cannot be fetched now. Try again.`);
      }
      if (response.status === 200) return Buffer.from(await response.arrayBuffer());
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 404) throw new NotFoundError(`Attachment ${id} is no longer stored.`);
      throw new BadGatewayError(`mail-ingest failed to give the attachment (status ${response.status}).`);
    },
  };
}
