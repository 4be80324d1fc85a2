import { permissions } from '@helpdesk/http';
import { tagged, type RouteDescription } from '@helpdesk/openapi';
import { Type } from '@helpdesk/validation';
import { DOCS_PATH, OPENAPI_PATH, docsAssets } from './api-docs.routes.js';
import { parseLinkAndPassword, parseLogin, parsePasswordResetRequest } from './auth.schemas.js';
import { accountPaths } from './auth.routes.js';
import { parseCustomerAppChanges, parseNewCustomerApp } from './customer-apps.schemas.js';
import { parseId, parseNewStaff, parseNewTeam, parseStaffChanges, parseTeamChanges } from './staff.schemas.js';

const id = { id: parseId };
const who = { staff: 'a staff user', contact: 'a portal contact' } as const;
const manageStaff = { auth: 'staff', permission: permissions.manageStaff.name } as const;
const manageTeams = { auth: 'staff', permission: permissions.manageTeams.name } as const;
const manageCustomerApps = { auth: 'staff', permission: permissions.manageCustomerApps.name } as const;

/** The routes the gateway answers itself (sign-in, staff, teams, customer apps, this description); the rest it forwards (routes.ts routeTable). */
export const gatewayApi: RouteDescription[] = [
  ...tagged(
    ['Sign-in'],
    { method: 'post', path: '/api/auth/login', summary: 'Sign in as a staff user', description: 'Repeated failures slow down sign-ins to the account, except from a device that signed in to it before (its cookie).', auth: 'public', body: parseLogin, responses: { 200: 'The access token (Bearer), its lifetime and the user.' } },
    { method: 'post', path: '/api/portal/login', summary: 'Sign in as a portal contact', description: 'Refused while the customer portal is switched off.', auth: 'public', body: parseLogin, responses: { 200: 'The access token (Bearer), its lifetime and the contact.' } },
    { method: 'post', path: '/api/portal/invitations/accept', summary: 'Accept a portal invitation, choosing a password', auth: 'public', body: parseLinkAndPassword, responses: { 200: 'Signed in: the access token.' } },
    ...Object.entries(accountPaths).flatMap(([kind, base]): RouteDescription[] => [
      { method: 'post', path: `${base}/password-reset`, summary: `Ask for a password reset link (${who[kind as keyof typeof who]})`, description: 'The answer is the same whether an account has the address or not.', auth: 'public', body: parsePasswordResetRequest, responses: { 202: 'If the account exists, a link is on its way.' } },
      { method: 'post', path: `${base}/password-reset/complete`, summary: `Choose a new password with a reset link (${who[kind as keyof typeof who]})`, auth: 'public', body: parseLinkAndPassword, responses: { 200: 'Signed in: the access token.' } },
    ]),
    { method: 'post', path: '/api/auth/sign-out-everywhere', summary: 'End every sign-in of the staff user, this one included', auth: 'staff', responses: { 204: 'Every token of the user is revoked.' } },
    { method: 'post', path: '/api/portal/sign-out-everywhere', summary: 'End every sign-in of the contact, this one included', auth: 'contact', responses: { 204: 'Every token of the contact is revoked.' } },
    { method: 'get', path: '/api/auth/me', summary: 'Who the token is for: the principal, with permissions (staff) or customer (contact)', auth: 'signed-in', responses: { 200: 'The principal.' } },
    { method: 'get', path: '/api/portal/status', summary: 'Whether the customer portal is open', auth: 'public', responses: { 200: 'The portal’s status.' } },
  ),
  ...tagged(
    ['Browser sessions'],
    ...(['staff', 'contact'] as const).flatMap((kind): RouteDescription[] => {
      const base = accountPaths[kind];
      return [
        {
          method: 'post',
          path: `${base}/session`,
          summary: `Open a page’s session (${who[kind]})`,
          description: 'The access token goes into the HttpOnly session cookie, never into the answer. Only from this origin. A program signs in at /login instead.',
          auth: 'public',
          body: parseLogin,
          responses: { 201: 'Who signed in, and the CSRF token to send with every change.' },
        },
        { method: 'get', path: `${base}/session`, summary: `The page’s session: who and its CSRF token (${who[kind]})`, auth: kind, sessionOnly: true, responses: { 200: 'The principal and the CSRF token.' } },
        { method: 'delete', path: `${base}/session`, summary: 'End the page’s session (revoke it, clear its cookie)', description: 'Only from this origin. The session the cookie names is revoked: its token, even copied, is refused from then on.', auth: 'public', responses: { 204: 'The session is revoked and its cookie cleared.' } },
      ];
    }),
  ),
  ...tagged(
    ['Staff'],
    { method: 'get', path: '/api/staff', summary: 'The staff users', ...manageStaff, responses: { 200: 'The staff users.' } },
    {
      method: 'get',
      path: '/api/staff/directory',
      summary: 'The staff directory: active colleagues and teams by name',
      description: 'For every staff user, no permission needed (to assign a ticket, to name a note’s author): each active staff user’s id, name and team ids, and each team’s id and name; nothing else.',
      auth: 'staff',
      responses: { 200: '{ staff: [{ id, name, teamIds }], teams: [{ id, name }] }, by name.' },
    },
    { method: 'post', path: '/api/staff', summary: 'Create a staff user', ...manageStaff, body: parseNewStaff, responses: { 201: 'The staff user; Location names it.' } },
    { method: 'patch', path: '/api/staff/{id}', summary: 'Edit a staff user (permissions, deactivation, password)', ...manageStaff, params: id, body: parseStaffChanges, responses: { 200: 'The staff user as changed.' } },
    { method: 'post', path: '/api/staff/{id}/sign-out-everywhere', summary: 'End every sign-in of a staff user', ...manageStaff, params: id, responses: { 204: 'Every token of the user is revoked.' } },
  ),
  ...tagged(
    ['Teams'],
    { method: 'get', path: '/api/teams', summary: 'The teams', ...manageTeams, responses: { 200: 'The teams.' } },
    { method: 'post', path: '/api/teams', summary: 'Create a team (its customer access)', ...manageTeams, body: parseNewTeam, responses: { 201: 'The team; Location names it.' } },
    { method: 'get', path: '/api/teams/{id}', summary: 'A team with its members', ...manageTeams, params: id, responses: { 200: 'The team.' } },
    { method: 'patch', path: '/api/teams/{id}', summary: 'Edit a team', ...manageTeams, params: id, body: parseTeamChanges, responses: { 200: 'The team as changed.' } },
    { method: 'delete', path: '/api/teams/{id}', summary: 'Delete a team', ...manageTeams, params: id, responses: { 204: 'Deleted.' } },
    { method: 'put', path: '/api/teams/{id}/members/{userId}', summary: 'Add a staff user to a team', ...manageTeams, params: { ...id, userId: parseId }, responses: { 200: 'The team as changed.' } },
    { method: 'delete', path: '/api/teams/{id}/members/{userId}', summary: 'Take a staff user out of a team', ...manageTeams, params: { ...id, userId: parseId }, responses: { 200: 'The team as changed.' } },
  ),
  ...tagged(
    ['Customer apps'],
    { method: 'get', path: '/api/customer-apps', summary: 'The customer apps (the portal)', ...manageCustomerApps, responses: { 200: 'The customer apps.' } },
    { method: 'post', path: '/api/customer-apps', summary: 'Set up a customer app', ...manageCustomerApps, body: parseNewCustomerApp, responses: { 201: 'The customer app; Location names it.' } },
    { method: 'patch', path: '/api/customer-apps/{id}', summary: 'Switch a customer app on or off, or edit it', ...manageCustomerApps, params: id, body: parseCustomerAppChanges, responses: { 200: 'The customer app as changed.' } },
    { method: 'delete', path: '/api/customer-apps/{id}', summary: 'Delete a customer app’s configuration', ...manageCustomerApps, params: id, responses: { 204: 'Deleted.' } },
  ),
  ...tagged(
    ['API description'],
    { method: 'get', path: OPENAPI_PATH, summary: 'This description of the whole API (OpenAPI 3.1)', description: 'A 503 with Retry-After while a service does not give its part.', auth: 'public', responses: { 200: 'The OpenAPI document.' } },
    { method: 'get', path: DOCS_PATH, summary: 'A page to read this description (Swagger UI)', auth: 'public', responses: { 200: { description: 'The page.', contentType: 'text/html' } } },
    {
      method: 'get',
      path: `${DOCS_PATH}/{file}`,
      summary: 'The page’s scripts and stylesheet',
      auth: 'public',
      params: { file: Type.Union(docsAssets.map((file) => Type.Literal(file))) },
      responses: { 200: { description: 'The file.', contentType: 'text/javascript' } },
    },
  ),
];
