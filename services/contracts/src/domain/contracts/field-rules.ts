import type { FieldProblem } from '@helpdesk/errors';
import type { SqlExecutor } from '@helpdesk/db';
import { invalidInput } from '@helpdesk/validation';
import type { ContractFields } from '../../persistence/contract.repository.js';
import { customerKnown, findContacts, findStaffUsers } from '../../persistence/people.repository.js';

/**
 * The field rules of docs/contracts.md that one field's shape cannot say (the request schemas say the
 * rest), checked on the contract as it would be saved: a 422 naming every field broken and its rule.
 * The people are checked on every save, whatever changed, so a contract naming someone who left
 * cannot be saved again until they are replaced (ending it early is not a save of its fields).
 */
export async function ensureFieldRules(sql: SqlExecutor, customerId: string, fields: ContractFields): Promise<void> {
  const problems = [...termAndHourProblems(fields), ...(await peopleProblems(sql, customerId, fields))];
  if (problems.length > 0) throw invalidInput('contract', problems);
}

export function termAndHourProblems(fields: ContractFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (fields.startDate !== null && fields.endDate !== null && fields.endDate < fields.startDate) {
    problems.push({ pointer: '/endDate', message: `must not be before the startDate (${fields.startDate})` });
  }
  if (fields.hourRestriction && fields.contractHours === null) problems.push({ pointer: '/contractHours', message: 'is required with an hourRestriction' });
  // The schema's > 0 judged the figure as sent; these judge it rounded to two decimals, as it is saved.
  if (fields.contractHours !== null && fields.contractHours <= 0) problems.push({ pointer: '/contractHours', message: 'must be > 0 (with two decimals)' });
  if (fields.thresholdHours !== null && fields.thresholdHours <= 0) problems.push({ pointer: '/thresholdHours', message: 'must be > 0 (with two decimals)' });
  if (fields.thresholdHours !== null) {
    if (fields.contractHours === null) problems.push({ pointer: '/thresholdHours', message: 'needs contractHours' });
    else if (fields.thresholdHours > 0 && fields.thresholdHours >= fields.contractHours) {
      problems.push({ pointer: '/thresholdHours', message: `must be below the contractHours (${fields.contractHours})` });
    }
  }
  return problems;
}

async function peopleProblems(sql: SqlExecutor, customerId: string, fields: ContractFields): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  if (!(await customerKnown(sql, customerId))) problems.push({ pointer: '/customerId', message: 'must be an existing customer' });
  const [contact] = await findContacts(sql, [fields.customerContactId]);
  // One message whether the contact is unknown, deactivated or another customer's: a contract's editor
  // must not learn which ids are another customer's contacts.
  if (!contact || contact.customerId !== customerId || !contact.active) {
    problems.push({ pointer: '/customerContactId', message: "must be an active contact of the contract's customer" });
  }
  const staffIds = [fields.supportContactId, ...(fields.supportManagerId ? [fields.supportManagerId] : [])];
  const activeStaff = new Set((await findStaffUsers(sql, staffIds)).filter((user) => user.active).map((user) => user.id));
  if (!activeStaff.has(fields.supportContactId)) problems.push({ pointer: '/supportContactId', message: 'must be an active staff user' });
  if (fields.supportManagerId && !activeStaff.has(fields.supportManagerId)) problems.push({ pointer: '/supportManagerId', message: 'must be an active staff user' });
  return problems;
}
