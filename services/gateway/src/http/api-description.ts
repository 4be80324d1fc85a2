import { NotFoundError } from '@helpdesk/errors';
import { permissions } from '@helpdesk/http';
import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import { Type, compileParser, guardParser } from '@helpdesk/validation';
import type { AccountKind } from '../persistence/password-reset.repository.js';
import { DOCS_PATH, OPENAPI_PATH, docsAssets } from './api-docs.paths.js';
import { accountPaths, parseLinkAndPassword, parseLogin, parsePasswordResetRequest } from './auth.schemas.js';
import { parseCustomerAppChanges, parseNewCustomerApp } from './customer-apps.schemas.js';
import { parseId, parseNewStaff, parseNewTeam, parseStaffChanges, parseTeamChanges } from './staff.schemas.js';

const id = { id: parseId };
const who = { staff: 'a staff user', contact: 'a portal contact' } as const;
const manageStaff = { auth: 'staff', permission: permissions.manageStaff.name } as const;
const manageTeams = { auth: 'staff', permission: permissions.manageTeams.name } as const;
const manageCustomerApps = { auth: 'staff', permission: permissions.manageCustomerApps.name } as const;

// Each route once: the routes files serve these (libs/openapi `serve`), gatewayApi below describes them.
export const staffLoginRoute = route({ method: 'post', path: '/api/auth/login', summary: 'Sign in as a staff user', description: 'Repeated failures slow down sign-ins to the account, except from a device that signed in to it before (its cookie).', auth: 'public', body: parseLogin, responses: { 200: 'The access token (Bearer), its lifetime and the user.' } });
export const contactLoginRoute = route({ method: 'post', path: '/api/portal/login', summary: 'Sign in as a portal contact', description: 'Refused while the customer portal is switched off.', auth: 'public', body: parseLogin, responses: { 200: 'The access token (Bearer), its lifetime and the contact.' } });
export const acceptInvitationRoute = route({ method: 'post', path: '/api/portal/invitations/accept', summary: 'Accept a portal invitation, choosing a password', auth: 'public', body: parseLinkAndPassword, responses: { 200: 'Signed in: the access token.' } });

/** The password reset routes of one kind of account. */
function passwordResetApi(kind: AccountKind) {
  const base = accountPaths[kind];
  return {
    request: route({ method: 'post', path: `${base}/password-reset`, summary: `Ask for a password reset link (${who[kind]})`, description: 'The answer is the same whether an account has the address or not.', auth: 'public', body: parsePasswordResetRequest, responses: { 202: 'If the account exists, a link is on its way.' } }),
    complete: route({ method: 'post', path: `${base}/password-reset/complete`, summary: `Choose a new password with a reset link (${who[kind]})`, auth: 'public', body: parseLinkAndPassword, responses: { 200: 'Signed in: the access token.' } }),
  };
}
export const passwordResetRoutes = { staff: passwordResetApi('staff'), contact: passwordResetApi('contact') };

export const staffSignOutEverywhereRoute = route({ method: 'post', path: '/api/auth/sign-out-everywhere', summary: 'End every sign-in of the staff user, this one included', auth: 'staff', responses: { 204: 'Every token of the user is revoked.' } });
export const contactSignOutEverywhereRoute = route({ method: 'post', path: '/api/portal/sign-out-everywhere', summary: 'End every sign-in of the contact, this one included', auth: 'contact', responses: { 204: 'Every token of the contact is revoked.' } });
export const meRoute = route({ method: 'get', path: '/api/auth/me', summary: 'Who the token is for: the principal, with permissions (staff) or customer (contact)', auth: 'signed-in', responses: { 200: 'The principal.' } });
export const portalStatusRoute = route({ method: 'get', path: '/api/portal/status', summary: 'Whether the customer portal is open', auth: 'public', responses: { 200: 'The portal’s status.' } });

/** A page's session of one kind of account: opened (POST), read (GET), ended (DELETE). */
function sessionApi<Kind extends AccountKind>(kind: Kind) {
  const path = `${accountPaths[kind]}/session` as const;
  return {
    open: route({
      method: 'post',
      path,
      summary: `Open a page’s session (${who[kind]})`,
      description: 'The access token goes into the HttpOnly session cookie, never into the answer. Only from this origin. A program signs in at /login instead.',
      auth: 'public',
      body: parseLogin,
      responses: { 201: 'Who signed in, and the CSRF token to send with every change.' },
    }),
    read: route({ method: 'get', path, summary: `The page’s session: who and its CSRF token (${who[kind]})`, auth: kind, sessionOnly: true, responses: { 200: 'The principal and the CSRF token.' } }),
    end: route({
      method: 'delete',
      path,
      summary: 'End the page’s session (revoke it, clear its cookie)',
      description: 'Only from this origin. The session the cookie names is revoked: its token, even copied, is refused from then on.',
      auth: 'public',
      responses: { 204: 'The session is revoked and its cookie cleared.' },
    }),
  };
}
export const sessionRoutesOf = { staff: sessionApi('staff'), contact: sessionApi('contact') };

export const listStaffRoute = route({ method: 'get', path: '/api/staff', summary: 'The staff users', ...manageStaff, responses: { 200: 'The staff users.' } });
export const staffDirectoryRoute = route({
  method: 'get',
  path: '/api/staff/directory',
  summary: 'The staff directory: active colleagues and teams by name',
  description: 'For every staff user, no permission needed (to assign a ticket, to name a note’s author): each active staff user’s id, name and team ids, and each team’s id and name; nothing else.',
  auth: 'staff',
  responses: { 200: '{ staff: [{ id, name, teamIds }], teams: [{ id, name }] }, by name.' },
});
export const createStaffRoute = route({ method: 'post', path: '/api/staff', summary: 'Create a staff user', ...manageStaff, body: parseNewStaff, responses: { 201: 'The staff user; Location names it.' } });
export const changeStaffRoute = route({ method: 'patch', path: '/api/staff/{id}', summary: 'Edit a staff user (permissions, deactivation, password)', ...manageStaff, params: id, body: parseStaffChanges, responses: { 200: 'The staff user as changed.' } });
export const signOutStaffEverywhereRoute = route({ method: 'post', path: '/api/staff/{id}/sign-out-everywhere', summary: 'End every sign-in of a staff user', ...manageStaff, params: id, responses: { 204: 'Every token of the user is revoked.' } });

export const listTeamsRoute = route({ method: 'get', path: '/api/teams', summary: 'The teams', ...manageTeams, responses: { 200: 'The teams.' } });
export const createTeamRoute = route({ method: 'post', path: '/api/teams', summary: 'Create a team (its customer access)', ...manageTeams, body: parseNewTeam, responses: { 201: 'The team; Location names it.' } });
export const getTeamRoute = route({ method: 'get', path: '/api/teams/{id}', summary: 'A team with its members', ...manageTeams, params: id, responses: { 200: 'The team.' } });
export const changeTeamRoute = route({ method: 'patch', path: '/api/teams/{id}', summary: 'Edit a team', ...manageTeams, params: id, body: parseTeamChanges, responses: { 200: 'The team as changed.' } });
export const deleteTeamRoute = route({ method: 'delete', path: '/api/teams/{id}', summary: 'Delete a team', ...manageTeams, params: id, responses: { 204: 'Deleted.' } });
export const addTeamMemberRoute = route({ method: 'put', path: '/api/teams/{id}/members/{userId}', summary: 'Add a staff user to a team', ...manageTeams, params: { ...id, userId: parseId }, responses: { 200: 'The team as changed.' } });
export const removeTeamMemberRoute = route({ method: 'delete', path: '/api/teams/{id}/members/{userId}', summary: 'Take a staff user out of a team', ...manageTeams, params: { ...id, userId: parseId }, responses: { 200: 'The team as changed.' } });

export const listCustomerAppsRoute = route({ method: 'get', path: '/api/customer-apps', summary: 'The customer apps (the portal)', ...manageCustomerApps, responses: { 200: 'The customer apps.' } });
export const createCustomerAppRoute = route({ method: 'post', path: '/api/customer-apps', summary: 'Set up a customer app', ...manageCustomerApps, body: parseNewCustomerApp, responses: { 201: 'The customer app; Location names it.' } });
export const changeCustomerAppRoute = route({ method: 'patch', path: '/api/customer-apps/{id}', summary: 'Switch a customer app on or off, or edit it', ...manageCustomerApps, params: id, body: parseCustomerAppChanges, responses: { 200: 'The customer app as changed.' } });
export const deleteCustomerAppRoute = route({ method: 'delete', path: '/api/customer-apps/{id}', summary: 'Delete a customer app’s configuration', ...manageCustomerApps, params: id, responses: { 204: 'Deleted.' } });

/** One of the page's files; another name is a 404 (there is no such file), not a bad request. */
const parseDocsAsset = guardParser(compileParser(Type.Union(docsAssets.map((file) => Type.Literal(file))), 'file'), (file) => {
  if (!(docsAssets as readonly unknown[]).includes(file)) throw new NotFoundError(`There is no ${DOCS_PATH}/${String(file)}.`);
});
export const openApiRoute = route({ method: 'get', path: OPENAPI_PATH, summary: 'This description of the whole API (OpenAPI 3.1)', description: 'A 503 with Retry-After while a service does not give its part.', auth: 'public', responses: { 200: 'The OpenAPI document.' } });
export const docsPageRoute = route({ method: 'get', path: DOCS_PATH, summary: 'A page to read this description (Swagger UI)', auth: 'public', responses: { 200: { description: 'The page.', contentType: 'text/html' } } });
export const docsAssetRoute = route({ method: 'get', path: `${DOCS_PATH}/{file}`, summary: 'The page’s scripts and stylesheet', auth: 'public', params: { file: parseDocsAsset }, responses: { 200: { description: 'The file.', contentType: 'text/javascript' } } });

/** The routes the gateway answers itself (sign-in, staff, teams, customer apps, this description); the rest it forwards (routes.ts routeTable). */
export const gatewayApi: RouteDescription[] = [
  ...tagged(
    ['Sign-in'],
    staffLoginRoute,
    contactLoginRoute,
    acceptInvitationRoute,
    ...[passwordResetRoutes.staff, passwordResetRoutes.contact].flatMap(({ request, complete }) => [request, complete]),
    staffSignOutEverywhereRoute,
    contactSignOutEverywhereRoute,
    meRoute,
    portalStatusRoute,
  ),
  ...tagged(['Browser sessions'], ...[sessionRoutesOf.staff, sessionRoutesOf.contact].flatMap(({ open, read, end }): RouteDescription[] => [open, read, end])),
  ...tagged(['Staff'], listStaffRoute, staffDirectoryRoute, createStaffRoute, changeStaffRoute, signOutStaffEverywhereRoute),
  ...tagged(['Teams'], listTeamsRoute, createTeamRoute, getTeamRoute, changeTeamRoute, deleteTeamRoute, addTeamMemberRoute, removeTeamMemberRoute),
  ...tagged(['Customer apps'], listCustomerAppsRoute, createCustomerAppRoute, changeCustomerAppRoute, deleteCustomerAppRoute),
  ...tagged(['API description'], openApiRoute, docsPageRoute, docsAssetRoute),
];
