import { ValidationError, type FieldProblem } from '@helpdesk/errors';
import type { SqlExecutor } from '@helpdesk/db';
import { findReferences, type ReferencedIds, type ReferenceFindings } from '../persistence/ticket-reference.repository.js';
import { refuseUnfitContract, utcDate } from './contract-assignment.js';

/** The ids a request may set on a ticket; undefined: not being set, null: cleared (nothing to check). */
export interface TicketReferences {
  locationId?: string | null;
  areaId?: string | null;
  teamId?: string | null;
  assigneeId?: string | null;
  emailAccountId?: string | null;
  contractId?: string | null;
}

const refusals = {
  locationId: 'is not a location of the ticket\'s customer (or has been removed, or was added a moment ago: then try again)',
  areaId: 'is not an area of the ticket\'s customer (or has been removed, or was added a moment ago: then try again)',
  teamId: 'is not a team whose ticket access includes the ticket\'s customer',
  assigneeId: 'is not a staff user in a team whose ticket access includes the ticket\'s customer',
  emailAccountId: 'is not an email account offered to the ticket\'s customer (or was created a moment ago: then try again)',
} as const;

/** The ticket the ids are set on: its customer, and when it was opened (its contract must be current that day). */
export interface ReferringTicket {
  customerId: string | null;
  createdAt: Date;
}

function referencedIds(customerId: string | null, refs: TicketReferences, callerId: string | undefined): ReferencedIds {
  return {
    customerId,
    locationId: refs.locationId ?? null,
    areaId: refs.areaId ?? null,
    teamId: refs.teamId ?? null,
    assigneeId: refs.assigneeId === callerId ? null : (refs.assigneeId ?? null),
    emailAccountId: refs.emailAccountId ?? null,
    contractId: refs.contractId ?? null,
  };
}

/** Reads what a new ticket names (its customer, its contact and every id it sets) in one statement. */
export function findTicketReferences(db: SqlExecutor, customerId: string | null, contactId: string | null, refs: TicketReferences, callerId: string): Promise<ReferenceFindings> {
  return findReferences(db, { ...referencedIds(customerId, refs, callerId), contactId });
}

/**
 * Every id a request sets on a ticket must exist and belong to the ticket's customer, checked
 * against this service's projections; an id of another customer, or one we do not know, is refused
 * naming the field (the same answer for both, so nothing is learnt of other customers). An agent may
 * always assign themselves (`callerId`): they reach the ticket's customer, or they could not see the ticket.
 */
export async function requireValidReferences(db: SqlExecutor, ticket: ReferringTicket, refs: TicketReferences, callerId?: string): Promise<void> {
  const ids = referencedIds(ticket.customerId, refs, callerId);
  const anyToFind = ids.locationId ?? ids.areaId ?? ids.teamId ?? ids.assigneeId ?? ids.emailAccountId ?? ids.contractId;
  refuseInvalidReferences(ticket, refs, anyToFind ? await findReferences(db, ids) : undefined);
}

type Findings = Pick<ReferenceFindings, 'location' | 'area' | 'team' | 'assignee' | 'emailAccount' | 'contract'>;
const nothingLookedUp: Findings = { location: true, area: true, team: true, assignee: true, emailAccount: true, contract: null };

/**
 * Throws one 400 naming every id the findings refuse (none without findings); then, for a contract
 * being set, the 422 of docs/contracts.md when it is not the customer's or not current on the ticket's date.
 */
export function refuseInvalidReferences(ticket: ReferringTicket, refs: TicketReferences, findings: Findings = nothingLookedUp): void {
  const problems: FieldProblem[] = [];
  const refuse = (field: keyof typeof refusals) => problems.push({ pointer: `/${field}`, message: refusals[field] });
  if (!findings.location) refuse('locationId');
  if (!findings.area) refuse('areaId');
  if (!findings.team) refuse('teamId');
  if (!findings.assignee) refuse('assigneeId');
  if (!findings.emailAccount) refuse('emailAccountId');
  if (problems.length > 0) {
    throw new ValidationError(`The ticket cannot take ${problems.map((p) => p.pointer.slice(1)).join(', ')}: ${problems[0]!.message}${problems.length > 1 ? '; see errors for the others' : ''}.`, problems);
  }
  if (refs.contractId) refuseUnfitContract(findings.contract, ticket.customerId, utcDate(ticket.createdAt));
}
