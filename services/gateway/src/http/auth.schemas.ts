import { Email, Type, compileParser, type Static } from '@helpdesk/validation';
import type { AccountKind } from '../persistence/password-reset.repository.js';

const loginSchema = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false });
export const parseLogin = compileParser(loginSchema, 'sign-in');
/** What a sign-in sends: email and password. */
export type Credentials = Static<typeof loginSchema>;

/** The token of an emailed link (invitation or password reset) and the password chosen with it. */
export const parseLinkAndPassword = compileParser(
  Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }), password: Type.String({ maxLength: 1024 }) }, { additionalProperties: false }),
  'link and password',
);

export const parsePasswordResetRequest = compileParser(Type.Object({ email: Email }, { additionalProperties: false }), 'password reset request');

/** Where each kind of account signs in, asks for a password reset and completes it. */
export const accountPaths = { staff: '/api/auth', contact: '/api/portal' } as const satisfies Record<AccountKind, string>;
