/**
 * An automation as an administrator defines it: when (trigger), whether (conditions, all of which must
 * hold) and what (actions). Stored in `automations`; validated on save (validate-automation.ts).
 */
export type ConditionField =
  | 'channel'
  | 'customer'
  | 'customer_group'
  | 'priority'
  | 'status'
  | 'status_from'
  | 'status_to'
  | 'team'
  | 'assignee'
  | 'actor_kind'
  | 'email_automatic';

export type ConditionOp = 'in' | 'not_in' | 'is_true' | 'is_false';

export interface Condition {
  field: ConditionField;
  op: ConditionOp;
  /** For in / not_in; the value `none` stands for "not set" (no team, unassigned, no customer). */
  values?: string[];
}

export type RecipientKind =
  | 'requester'
  | 'contact'
  | 'assignee'
  | 'team'
  | 'notification_group'
  | 'account_owner'
  // The people a contract names (contract triggers): its customer's contact, its support contact and support manager.
  | 'contract_customer_contact'
  | 'contract_support_contact'
  | 'contract_support_manager';

export interface RecipientSpec {
  kind: RecipientKind;
  /** For notification_group. */
  groupId?: string;
}

export interface SendEmailAction {
  type: 'send_email';
  templateId: string;
  to: RecipientSpec[];
  /**
   * The email carries a person's words (an agent's public note): no Auto-Submitted header, and no
   * auto-reply throttle (RFC 3834 §5: human-written mail is not automatic).
   */
  personal?: boolean;
}

export type AutomationAction = SendEmailAction;

export interface AutomationDefinition {
  name: string;
  trigger: string;
  conditions: Condition[];
  actions: AutomationAction[];
  enabled: boolean;
}

export interface Automation extends AutomationDefinition {
  id: string;
  code: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string | null;
}

/** What became of one automation for one event. */
export type RunOutcome = 'sent' | 'not_sent' | 'conditions_false';

/** Why an email was not sent (on the run's detail, and on the email log row when there is an address). */
export type NotSentReason =
  | 'source_automatic'
  | 'recipient_unavailable'
  | 'address_undeliverable'
  | 'template_missing'
  | 'render_failed'
  | 'portal_disabled'
  | 'rate_limited'
  // A contract's person who left (docs/contracts.md "People who leave"): deactivated, or a contact now of another customer.
  | 'recipient_deactivated'
  | 'contact_moved';
