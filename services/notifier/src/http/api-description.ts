import { permissions } from '@helpdesk/http';
import { route, tagged, type RouteDescription } from '@helpdesk/openapi';
import * as automations from './automations.schemas.js';
import { parseLogEntryId, parseLogSearch } from './email-log.schemas.js';
import { parseEmailSettings } from './settings.schemas.js';
import { parseSystemEmailSwitch } from './system-emails.schemas.js';
import { parseNewTemplate, parsePlaceholdersQuery, parsePreviewQuery, parsePreviewRequest, parseTemplateChange, parseTemplateId, parseTemplateToValidate } from './templates.schemas.js';

const allCustomers = 'The administrator must reach every customer (no team restriction): these concern all of them.';
const automationsAdmin = { auth: 'staff', permission: permissions.manageAutomations.name, description: allCustomers } as const;
const logAdmin = { auth: 'staff', permission: permissions.manageEmailLog.name, description: allCustomers } as const;
const automation = { id: automations.parseAutomationId };
const template = { id: parseTemplateId };
const loggedEmail = { id: parseLogEntryId };

// Each route once: the routes files serve these (libs/openapi `serve`), notifierApi below describes them.
export const listAutomationsRoute = route({ method: 'get', path: '/api/automations', summary: 'Every automation', ...automationsAdmin, responses: { 200: 'The automations.' } });
export const createAutomationRoute = route({ method: 'post', path: '/api/automations', summary: 'Create an automation', ...automationsAdmin, body: automations.parseNewAutomation, responses: { 201: 'The automation; Location names it.' } });
export const triggersRoute = route({ method: 'get', path: '/api/automations/triggers', summary: 'What can start an automation: triggers, their condition fields and recipients', ...automationsAdmin, responses: { 200: 'The triggers.' } });
export const sampleTicketsRoute = route({ method: 'get', path: '/api/automations/sample-tickets', summary: 'Recent tickets to try a dry run on', ...automationsAdmin, responses: { 200: 'Up to 20 tickets.' } });
export const sampleContractEventsRoute = route({ method: 'get', path: '/api/automations/sample-contract-events', summary: 'Contract events to try a contract trigger’s dry run on', ...automationsAdmin, query: automations.parseSampleContractEventsQuery, responses: { 200: 'The newest event of each type per contract.' } });
export const unsavedDryRunRoute = route({ method: 'post', path: '/api/automations/dry-run', summary: 'What an unsaved automation would do on a ticket or contract event, sending nothing', ...automationsAdmin, body: automations.parseUnsavedAutomationDryRun, responses: { 200: 'Whether it would fire, and the emails it would send.' } });
export const getAutomationRoute = route({ method: 'get', path: '/api/automations/{id}', summary: 'An automation', ...automationsAdmin, params: automation, responses: { 200: 'The automation.' } });
export const changeAutomationRoute = route({ method: 'patch', path: '/api/automations/{id}', summary: 'Edit, enable or disable an automation', description: `It takes the version it is based on. ${allCustomers}`, auth: 'staff', permission: permissions.manageAutomations.name, params: automation, body: automations.parseAutomationChange, responses: { 200: 'The automation as changed.' } });
export const deleteAutomationRoute = route({ method: 'delete', path: '/api/automations/{id}', summary: 'Delete an automation', ...automationsAdmin, params: automation, responses: { 204: 'Deleted.' } });
export const dryRunRoute = route({ method: 'post', path: '/api/automations/{id}/dry-run', summary: 'What an automation would do on a ticket or contract event, sending nothing', ...automationsAdmin, params: automation, body: automations.parseDryRun, optionalBody: true, responses: { 200: 'Whether it would fire, and the emails it would send.' } });
export const automationRunsRoute = route({ method: 'get', path: '/api/automations/{id}/runs', summary: 'What an automation did, newest first', ...automationsAdmin, params: automation, query: automations.parseRunsQuery, responses: { 200: 'A page of runs and nextCursor.' } });

export const listTemplatesRoute = route({ method: 'get', path: '/api/emails/templates', summary: 'The email templates', ...automationsAdmin, responses: { 200: 'The templates.' } });
export const createTemplateRoute = route({ method: 'post', path: '/api/emails/templates', summary: 'Create an email template', ...automationsAdmin, body: parseNewTemplate, responses: { 201: 'The template; Location names it.' } });
export const validateTemplateRoute = route({ method: 'post', path: '/api/emails/templates/validate', summary: 'Check a template’s syntax and placeholders without saving it', ...automationsAdmin, body: parseTemplateToValidate, responses: { 200: 'The placeholders it uses.' } });
export const previewTemplateRoute = route({ method: 'post', path: '/api/emails/templates/preview', summary: 'A template rendered with sample data', ...automationsAdmin, query: parsePreviewQuery, body: parsePreviewRequest, optionalBody: true, responses: { 200: 'Subject, HTML and text as they would be sent.' } });
export const getTemplateRoute = route({ method: 'get', path: '/api/emails/templates/{id}', summary: 'An email template', ...automationsAdmin, params: template, responses: { 200: 'The template.' } });
export const changeTemplateRoute = route({ method: 'patch', path: '/api/emails/templates/{id}', summary: 'Edit an email template', ...automationsAdmin, params: template, body: parseTemplateChange, responses: { 200: 'The template as changed.' } });
export const deleteTemplateRoute = route({ method: 'delete', path: '/api/emails/templates/{id}', summary: 'Delete an email template no automation uses', ...automationsAdmin, params: template, responses: { 204: 'Deleted.' } });
export const placeholdersRoute = route({ method: 'get', path: '/api/emails/placeholders', summary: 'The placeholders a template of one context may use', ...automationsAdmin, query: parsePlaceholdersQuery, responses: { 200: 'The placeholders.' } });
export const listSystemEmailsRoute = route({ method: 'get', path: '/api/emails/system', summary: 'The system emails (invitations, password resets, …) and whether each is on', ...automationsAdmin, responses: { 200: 'The system emails.' } });
export const switchSystemEmailRoute = route({ method: 'patch', path: '/api/emails/system/{key}', summary: 'Switch a system email on or off', ...automationsAdmin, body: parseSystemEmailSwitch, responses: { 200: 'The system email as changed.' } });
export const getEmailSettingsRoute = route({ method: 'get', path: '/api/emails/settings', summary: 'The email settings (the account owner automations mean)', ...automationsAdmin, responses: { 200: 'The settings.' } });
export const setEmailSettingsRoute = route({ method: 'put', path: '/api/emails/settings', summary: 'Set the account owner', ...automationsAdmin, body: parseEmailSettings, responses: { 200: 'The settings as changed.' } });
export const searchEmailLogRoute = route({ method: 'get', path: '/api/emails/log', summary: 'The emails the system sent or tried to send', ...logAdmin, query: parseLogSearch, responses: { 200: 'A page of logged emails and nextCursor.' } });
export const getLoggedEmailRoute = route({ method: 'get', path: '/api/emails/log/{id}', summary: 'One logged email, with its attempts', ...logAdmin, params: loggedEmail, responses: { 200: 'The logged email.' } });
export const retryLoggedEmailRoute = route({ method: 'post', path: '/api/emails/log/{id}/retry', summary: 'Send a failed email again', ...logAdmin, params: loggedEmail, responses: { 202: 'The logged email, queued again.' } });

/** The notifier's public API (the gateway forwards /api/automations and /api/emails). */
export const notifierApi: RouteDescription[] = [
  ...tagged(['Automations'], listAutomationsRoute, createAutomationRoute, triggersRoute, sampleTicketsRoute, sampleContractEventsRoute, unsavedDryRunRoute, getAutomationRoute, changeAutomationRoute, deleteAutomationRoute, dryRunRoute, automationRunsRoute),
  ...tagged(['Emails'], listTemplatesRoute, createTemplateRoute, validateTemplateRoute, previewTemplateRoute, getTemplateRoute, changeTemplateRoute, deleteTemplateRoute, placeholdersRoute, listSystemEmailsRoute, switchSystemEmailRoute, getEmailSettingsRoute, setEmailSettingsRoute, searchEmailLogRoute, getLoggedEmailRoute, retryLoggedEmailRoute),
];
