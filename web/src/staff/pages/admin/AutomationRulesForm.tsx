import { useRef, useState, type FormEvent } from 'react';
import { ErrorNotice, Field, fieldError, SelectField } from '../../../shared/components';
import { ActionRow } from './ActionRow';
import { ConditionRow } from './ConditionRow';
import type { TemplateSummary } from './EmailTemplatesPage';
import { FormButtons } from './FormParts';
import { blankAction, conditionOn, type AutomationRules, type Trigger } from './automationRules';
import { useApiData } from './useApiData';
import { useRowKeys } from './useRowKeys';

/** Which row was just added, for its first field to take the focus (keyboard users carry on there). */
type Added = { list: 'conditions' | 'actions'; index: number } | undefined;

/**
 * An automation's rules edited in rows: its trigger, the conditions (all must hold) and the emails it
 * sends. The fields offered are the trigger's; what the API refuses is shown beside the row it is in.
 */
export function AutomationRulesForm({ initial, submitLabel, busy, error, onSubmit }: { initial: AutomationRules; submitLabel: string; busy: boolean; error: unknown; onSubmit: (rules: AutomationRules) => void }) {
  const triggers = useApiData<{ items: Trigger[] }>('/api/automations/triggers');
  const templates = useApiData<{ items: TemplateSummary[] }>('/api/emails/templates');
  const [rules, setRules] = useState(initial);
  const [added, setAdded] = useState<Added>();
  const rowKeys = { conditions: useRowKeys(initial.conditions.length), actions: useRowKeys(initial.actions.length) };
  const addCondition = useRef<HTMLButtonElement>(null);
  const addAction = useRef<HTMLButtonElement>(null);
  const trigger = triggers.data?.items.find((candidate) => candidate.trigger === rules.trigger);
  const change = (next: Partial<AutomationRules>) => setRules({ ...rules, ...next });

  function submit(event: FormEvent) {
    event.preventDefault();
    onSubmit(rules);
  }

  function add(list: 'conditions' | 'actions') {
    setAdded({ list, index: rules[list].length });
    rowKeys[list].added();
    if (list === 'conditions') change({ conditions: [...rules.conditions, conditionOn(trigger?.conditionFields[0]?.field ?? 'channel')] });
    else change({ actions: [...rules.actions, blankAction()] });
  }

  /** The row goes; the focus goes to the list's Add button rather than to the page's start. */
  function remove(list: 'conditions' | 'actions', index: number) {
    setAdded(undefined);
    rowKeys[list].removed(index);
    if (list === 'conditions') change({ conditions: rules.conditions.filter((_, i) => i !== index) });
    else change({ actions: rules.actions.filter((_, i) => i !== index) });
    (list === 'conditions' ? addCondition : addAction).current?.focus();
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorNotice error={error ?? triggers.error ?? templates.error} />
      <Field label="Name" required value={rules.name} onChange={(event) => change({ name: event.target.value })} error={fieldError(error, '/name')} />
      <SelectField
        label="Trigger"
        value={rules.trigger}
        onChange={(event) => change({ trigger: event.target.value })}
        options={(triggers.data?.items ?? [{ trigger: rules.trigger, label: rules.trigger } as Trigger]).map((candidate) => ({ value: candidate.trigger, label: candidate.label }))}
        error={fieldError(error, '/trigger')}
      />
      <div className="check">
        <input type="checkbox" id="automation-enabled" checked={rules.enabled} onChange={(event) => change({ enabled: event.target.checked })} />
        <label htmlFor="automation-enabled">Switched on</label>
      </div>
      <h3>Conditions</h3>
      <p className="subtle">All of them must hold; with none, every event of the trigger sends.</p>
      {rules.conditions.map((condition, index) => (
        <ConditionRow
          key={rowKeys.conditions.keys[index]}
          index={index}
          condition={condition}
          trigger={trigger}
          error={error}
          autoFocus={added?.list === 'conditions' && added.index === index}
          onChange={(changed) => change({ conditions: rules.conditions.map((other, i) => (i === index ? changed : other)) })}
          onRemove={() => remove('conditions', index)}
        />
      ))}
      <p>
        <button type="button" className="secondary" ref={addCondition} onClick={() => add('conditions')}>
          Add condition
        </button>
      </p>
      <h3>Actions</h3>
      {rules.actions.map((action, index) => (
        <ActionRow
          key={rowKeys.actions.keys[index]}
          index={index}
          action={action}
          trigger={trigger}
          templates={templates.data?.items ?? []}
          error={error}
          autoFocus={added?.list === 'actions' && added.index === index}
          onChange={(changed) => change({ actions: rules.actions.map((other, i) => (i === index ? changed : other)) })}
          onRemove={() => remove('actions', index)}
        />
      ))}
      <p>
        <button type="button" className="secondary" ref={addAction} onClick={() => add('actions')}>
          Add action
        </button>
      </p>
      <FormButtons submitLabel={submitLabel} busy={busy} />
    </form>
  );
}
