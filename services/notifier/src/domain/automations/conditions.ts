import type { Condition, ConditionField } from './automation.js';
import type { TicketFacts, TicketEvent } from './ticket-facts.js';

/** One condition as evaluated: shown by the run log and the dry run. */
export interface EvaluatedCondition extends Condition {
  actual: string | boolean | null;
  passed: boolean;
}

/** The value a condition field has for an event, on the ticket as it is after it. */
export function actualValue(field: ConditionField, event: TicketEvent, ticket: TicketFacts): string | boolean | null {
  switch (field) {
    case 'channel':
      return ticket.channel;
    case 'customer':
      return ticket.customerId;
    case 'customer_group':
      return ticket.customerGroupId;
    case 'priority':
      return ticket.priority;
    case 'status':
      return ticket.status;
    case 'status_from':
      return event.change?.from ?? null;
    case 'status_to':
      return event.change?.to ?? null;
    case 'team':
      return ticket.teamId;
    case 'assignee':
      return ticket.assigneeId;
    case 'actor_kind':
      return event.actor?.kind ?? null;
    case 'email_automatic':
      return event.sourceEmail?.automatic === true;
  }
}

export function evaluateCondition(condition: Condition, event: TicketEvent, ticket: TicketFacts): EvaluatedCondition {
  return judged(condition, actualValue(condition.field, event, ticket));
}

/** A condition against the value its field has (a ticket's, or a contract's: plan-contract-emails.ts). */
export function judged(condition: Condition, actual: string | boolean | null): EvaluatedCondition {
  const values = condition.values ?? [];
  const asText = actual === null ? 'none' : String(actual);
  let passed: boolean;
  switch (condition.op) {
    case 'in':
      passed = values.includes(asText);
      break;
    case 'not_in':
      passed = !values.includes(asText);
      break;
    case 'is_true':
      passed = actual === true;
      break;
    case 'is_false':
      passed = actual === false;
      break;
  }
  return { ...condition, actual, passed };
}

/** Every condition, evaluated (all of them, so the log shows each one's part); they hold when all pass. */
export function evaluateConditions(conditions: Condition[], event: TicketEvent, ticket: TicketFacts): { passed: boolean; conditions: EvaluatedCondition[] } {
  return allOf(conditions.map((condition) => evaluateCondition(condition, event, ticket)));
}

export function allOf(evaluated: EvaluatedCondition[]): { passed: boolean; conditions: EvaluatedCondition[] } {
  return { passed: evaluated.every((condition) => condition.passed), conditions: evaluated };
}
