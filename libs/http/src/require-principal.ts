import type { Request } from 'express';
import { ForbiddenError, UnauthorizedError } from '@helpdesk/errors';
import type { Principal } from './principal.js';

export function requirePrincipal(req: Request): Principal {
  if (!req.principal) throw new UnauthorizedError();
  return req.principal;
}

export function requireStaff(req: Request): Extract<Principal, { kind: 'staff' }> {
  const principal = requirePrincipal(req);
  if (principal.kind !== 'staff') throw new ForbiddenError('This is for staff users only.');
  return principal;
}
