import { Email, Type, compileParser } from '@helpdesk/validation';

export const parseLogin = compileParser(
  Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
  'sign-in',
);

export const parseInvitationAcceptance = compileParser(
  Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
  'invitation acceptance',
);
