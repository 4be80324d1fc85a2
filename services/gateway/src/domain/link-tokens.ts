import { verifyLinkToken, type LinkKeys, type LinkPurpose } from '@helpdesk/contracts-schema';
import { MalformedLinkTokenError, UnknownLinkError } from './errors.js';

/** The id an emailed link's token names, once its signature checks out under a key still configured; the refusal otherwise. */
export function verifiedLinkId(linkKeys: LinkKeys, purpose: LinkPurpose, token: string): string {
  const verified = verifyLinkToken(linkKeys, purpose, token);
  if (verified === 'malformed') throw new MalformedLinkTokenError(purpose);
  if (verified === 'unknown') throw new UnknownLinkError(purpose);
  return verified.id;
}
