import { gatewayAssertionHeader } from '@helpdesk/testing';

/** A staff user who may pick every customer (an administrator), as the gateway would vouch for them. */
export const agent = { kind: 'staff' as const, userId: '0c8f5e52-5d0a-4a4e-9d55-1f1f6f0c9a11', role: 'admin' as const, permissions: [], teamIds: [] };

/** Headers of a JSON request straight to the tickets service, past the gateway, as that agent: for this method, path and body only. */
export function asAgent(method: string, path: string, body?: string): Record<string, string> {
  return { 'content-type': 'application/json', ...gatewayAssertionHeader(agent, { service: 'tickets', method, path, body }) };
}

/** Creates a ticket straight at one tickets instance. */
export function createTicketDirect(ticketsUrl: string, subject: string, requesterEmail = 'requester@customer.example'): Promise<Response> {
  const body = JSON.stringify({ subject, description: 'Created straight at the tickets service', requesterEmail });
  return fetch(`${ticketsUrl}/api/tickets`, { method: 'POST', headers: asAgent('POST', '/api/tickets', body), body });
}
