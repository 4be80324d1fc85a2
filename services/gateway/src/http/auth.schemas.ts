import { Email, Type, compileParser } from '@helpdesk/validation';

export const parseLogin = compileParser(
  Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
  'sign-in',
);

/** The token of an emailed link (invitation or password reset) and the password chosen with it. */
export const parseLinkAndPassword = compileParser(
  Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
  'link and password',
);

export const parsePasswordResetRequest = compileParser(Type.Object({ email: Email }, { additionalProperties: false }), 'password reset request');
