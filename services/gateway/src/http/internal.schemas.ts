import { Type, compileParser } from '@helpdesk/validation';

/** The contact version the move or deactivation will commit. */
export const parseRevocation = compileParser(
  Type.Object({ contactVersion: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }, { additionalProperties: false }),
  'revocation',
);
