import { ApiError } from '../../../shared/api';

/** A trigger as GET /api/automations/triggers describes it: what an automation on it may use. */
export interface Trigger {
  trigger: string;
  label: string;
  about: 'ticket' | 'contract';
  conditionFields: Array<{ field: string; values: string[] | null }>;
  recipients: string[];
  contexts: string[];
  personal: boolean;
}

export interface Condition {
  field: string;
  op: string;
  values?: string[];
}

export interface Recipient {
  kind: string;
  groupId?: string;
}

export interface SendEmailAction {
  type: 'send_email';
  templateId: string;
  to: Recipient[];
  personal?: boolean;
}

/** What the form edits of an automation: the body of POST /api/automations, and of its PATCH with the version. */
export interface AutomationRules {
  name: string;
  trigger: string;
  conditions: Condition[];
  actions: SendEmailAction[];
  enabled: boolean;
}

/** The condition fields in words. */
export const fieldLabels: Record<string, string> = {
  channel: 'Channel',
  customer: 'Customer',
  customer_group: 'Customer group',
  priority: 'Priority',
  status: 'Status',
  status_from: 'Status before',
  status_to: 'Status after',
  team: 'Team',
  assignee: 'Assignee',
  actor_kind: 'Who acted',
  email_automatic: 'Automatic mail (an auto-reply, a bounce)',
};

/** Fields that are yes or no: their operators are is_true and is_false, without values. */
export const yesNoFields = ['email_automatic'];

/** Fields whose values are ids of customers, customer groups, teams or staff users (or `none`: not set). */
export const idFields = ['customer', 'customer_group', 'team', 'assignee'];

export const operatorLabels: Record<string, string> = { in: 'is one of', not_in: 'is none of', is_true: 'is yes', is_false: 'is no' };

/** The fixed values of the fields that have them, in words (the API's values are the keys). */
export const valueLabels: Record<string, string> = {
  portal: 'Portal',
  agent: 'Agent',
  email: 'Email',
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  resolved: 'Resolved',
  closed: 'Closed',
  staff: 'An agent',
  contact: 'A contact',
};

export const recipientLabels: Record<string, string> = {
  requester: 'The requester',
  contact: "The ticket's contact",
  assignee: 'The assignee',
  team: "The ticket's team",
  notification_group: 'A notification group',
  account_owner: 'The account owner',
  contract_customer_contact: "The contract's customer contact",
  contract_support_contact: "The contract's support contact",
  contract_support_manager: "The contract's support manager",
};

export const blankAction = (): SendEmailAction => ({ type: 'send_email', templateId: '', to: [{ kind: 'requester' }] });

/** A condition on `field` as it starts: is_true for a yes/no field, else "is one of" nothing yet. */
export const conditionOn = (field: string): Condition => (yesNoFields.includes(field) ? { field, op: 'is_true' } : { field, op: 'in', values: [] });

/** The messages of an API error about `pointer` and what lies under it (`/conditions/0/values` → `/conditions/0/values/1`). */
export function messagesUnder(error: unknown, pointer: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = (error.problem.errors ?? []).filter((problem) => problem.pointer === pointer || problem.pointer.startsWith(`${pointer}/`)).map((problem) => problem.message);
  return messages.length ? messages.join('; ') : undefined;
}

/** The options of a select: the offered ones, and the current value if the trigger does not offer it (the API says why on saving). */
export function offeredWith(offered: Array<{ value: string; label: string }>, current: string, label: (value: string) => string) {
  return current === '' || offered.some((option) => option.value === current) ? offered : [...offered, { value: current, label: `${label(current)} (not offered by this trigger)` }];
}
