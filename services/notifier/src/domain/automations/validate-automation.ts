import { ValidationError, type FieldProblem } from '@helpdesk/errors';
import type { AutomationDefinition } from './automation.js';
import { booleanConditionFields, conditionValues, idConditionFields, triggerOf } from './triggers.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Refuses, with a pointer to the field, what the trigger does not offer: an unknown trigger, a condition
 * field it has not, an operator or value the field does not take, an unknown template or one whose
 * placeholders the trigger's event cannot fill, a recipient it does not offer, `personal` where no
 * person's words are sent. `templates`: id → context of the templates that exist.
 * Ids of customers, groups, teams and staff are checked for form only until the projections are wired.
 */
export function automationProblems(definition: AutomationDefinition, templates: Map<string, { key: string; context: string }>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const trigger = triggerOf(definition.trigger);
  if (!trigger) return [{ pointer: '/trigger', message: `is not a trigger (see GET /api/automations/triggers)` }];
  definition.conditions.forEach((condition, i) => {
    const at = `/conditions/${i}`;
    if (!trigger.conditionFields.includes(condition.field)) {
      problems.push({ pointer: `${at}/field`, message: `"${condition.field}" is not offered by the trigger ${trigger.key} (it offers ${trigger.conditionFields.join(', ')})` });
      return;
    }
    const isBoolean = booleanConditionFields.includes(condition.field);
    if (isBoolean !== (condition.op === 'is_true' || condition.op === 'is_false')) {
      problems.push({ pointer: `${at}/op`, message: isBoolean ? 'must be is_true or is_false for a yes/no field' : 'must be in or not_in for this field' });
      return;
    }
    if (isBoolean) {
      if (condition.values !== undefined) problems.push({ pointer: `${at}/values`, message: 'is not taken by is_true / is_false' });
      return;
    }
    if (!condition.values || condition.values.length === 0) {
      problems.push({ pointer: `${at}/values`, message: 'must name at least one value' });
      return;
    }
    const allowed = conditionValues[condition.field];
    condition.values.forEach((value, j) => {
      const known = allowed ? allowed.includes(value) : idConditionFields.includes(condition.field) && (value === 'none' || uuid.test(value));
      if (!known) problems.push({ pointer: `${at}/values/${j}`, message: allowed ? `must be one of ${allowed.join(', ')}` : 'must be an id, or none' });
    });
  });
  definition.actions.forEach((action, i) => {
    const at = `/actions/${i}`;
    const template = templates.get(action.templateId);
    if (!template) problems.push({ pointer: `${at}/templateId`, message: 'is not an email template' });
    else if (!(trigger.contexts as readonly string[]).includes(template.context)) {
      problems.push({
        pointer: `${at}/templateId`,
        message: `template ${template.key} uses ${template.context} placeholders, which the trigger ${trigger.key} cannot fill (it fills ${trigger.contexts.join(', ')})`,
      });
    }
    action.to.forEach((recipient, j) => {
      if (!trigger.recipients.includes(recipient.kind)) problems.push({ pointer: `${at}/to/${j}/kind`, message: `is not offered by the trigger ${trigger.key}` });
      else if ((recipient.kind === 'notification_group') !== (recipient.groupId !== undefined)) {
        problems.push({ pointer: `${at}/to/${j}/groupId`, message: recipient.kind === 'notification_group' ? 'is required for a notification group' : 'is only for a notification group' });
      }
    });
    if (action.personal && !trigger.personal) problems.push({ pointer: `${at}/personal`, message: `only an email on a note carries a person's words; ${trigger.key} sends automatic mail` });
  });
  return problems;
}

export function checkAutomation(definition: AutomationDefinition, templates: Map<string, { key: string; context: string }>): void {
  const problems = automationProblems(definition, templates);
  if (problems.length > 0) throw new ValidationError(`The automation is invalid: ${problems.map((p) => `${p.pointer} ${p.message}`).join('; ')}.`, problems);
}
