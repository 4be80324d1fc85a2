import { useState } from 'react';
import { SelectField } from '../../../shared/components';
import { CustomerPicker } from './CustomerPicker';
import type { CustomerOverview } from './CustomerPage';
import type { TemplateSummary } from './EmailTemplatesPage';
import { RowAction } from './RowAction';
import { messagesUnder, offeredWith, recipientLabels, type Recipient, type SendEmailAction, type Trigger } from './automationRules';
import { useApiData } from './useApiData';
import { useRowKeys } from './useRowKeys';

const recipientLabel = (kind: string) => recipientLabels[kind] ?? kind;

/** One action: the email sent (a template the trigger's event can fill) and to whom. */
export function ActionRow({ index, action, trigger, templates, error, autoFocus, onChange, onRemove }: { index: number; action: SendEmailAction; trigger: Trigger | undefined; templates: TemplateSummary[]; error: unknown; autoFocus: boolean; onChange: (action: SendEmailAction) => void; onRemove: () => void }) {
  const at = `/actions/${index}`;
  const fitting = templates.filter((template) => trigger?.contexts.includes(template.context)).map((template) => ({ value: template.id, label: template.name }));
  const templateName = (id: string) => templates.find((template) => template.id === id)?.name ?? id;
  const recipientKeys = useRowKeys(action.to.length);
  const setRecipient = (position: number, recipient: Recipient) => onChange({ ...action, to: action.to.map((other, j) => (j === position ? recipient : other)) });
  return (
    <fieldset>
      <legend>Action {index + 1}: send an email</legend>
      <SelectField
        label="Template"
        autoFocus={autoFocus}
        value={action.templateId}
        onChange={(event) => onChange({ ...action, templateId: event.target.value })}
        options={[{ value: '', label: 'Choose a template' }, ...offeredWith(fitting, action.templateId, templateName)]}
        error={messagesUnder(error, `${at}/templateId`)}
      />
      <fieldset>
        <legend>Recipients</legend>
        {action.to.map((recipient, position) => (
          <RecipientRow
            key={recipientKeys.keys[position]}
            position={position}
            recipient={recipient}
            offered={trigger?.recipients ?? []}
            error={error}
            pointer={`${at}/to/${position}`}
            onChange={(changed) => setRecipient(position, changed)}
            onRemove={() => {
              recipientKeys.removed(position);
              onChange({ ...action, to: action.to.filter((_, j) => j !== position) });
            }}
          />
        ))}
        {/* With no recipient left, the API's message about the list has no row to stand beside. */}
        {action.to.length === 0 && messagesUnder(error, `${at}/to`) ? <p className="field-error">{messagesUnder(error, `${at}/to`)}</p> : null}
        <button
          type="button"
          className="secondary"
          onClick={() => {
            recipientKeys.added();
            onChange({ ...action, to: [...action.to, { kind: trigger?.recipients[0] ?? 'requester' }] });
          }}
        >
          Add recipient
        </button>
      </fieldset>
      {trigger?.personal || action.personal ? (
        <div className="check">
          <input type="checkbox" id={`action-${index}-personal`} checked={action.personal ?? false} onChange={(event) => onChange({ ...action, personal: event.target.checked })} />
          <label htmlFor={`action-${index}-personal`}>Carries the note's words (a person's email, not automatic mail)</label>
        </div>
      ) : null}
      <RowAction label="Remove action" subject={`action ${index + 1}`} onClick={onRemove} />
    </fieldset>
  );
}

function RecipientRow({ position, recipient, offered, error, pointer, onChange, onRemove }: { position: number; recipient: Recipient; offered: string[]; error: unknown; pointer: string; onChange: (recipient: Recipient) => void; onRemove: () => void }) {
  return (
    <div className="filters">
      <SelectField
        label={`Recipient ${position + 1}`}
        value={recipient.kind}
        onChange={(event) => onChange({ kind: event.target.value })}
        options={offeredWith(offered.map((kind) => ({ value: kind, label: recipientLabel(kind) })), recipient.kind, recipientLabel)}
        error={messagesUnder(error, `${pointer}/kind`)}
      />
      {recipient.kind === 'notification_group' ? <NotificationGroupPicker groupId={recipient.groupId} error={messagesUnder(error, `${pointer}/groupId`)} onChange={(groupId) => onChange(groupId ? { kind: recipient.kind, groupId } : { kind: recipient.kind })} /> : null}
      <RowAction label="Remove recipient" subject={`recipient ${position + 1}`} onClick={onRemove} />
    </div>
  );
}

/** A notification group is a customer's: the customer is found first, then one of its groups chosen. */
function NotificationGroupPicker({ groupId, error, onChange }: { groupId: string | undefined; error: string | undefined; onChange: (groupId: string | undefined) => void }) {
  const [customerId, setCustomerId] = useState('');
  const customer = useApiData<CustomerOverview>(customerId ? `/api/customers/${customerId}` : undefined);
  const groups = customerId ? (customer.data?.notificationGroups ?? []) : [];
  const options = groups.map((group) => ({ value: group.id, label: group.name }));
  // A group chosen before (when the automation was loaded) is known by its id only until its customer is found.
  const kept = groupId && !options.some((option) => option.value === groupId) ? [{ value: groupId, label: 'The group chosen before' }] : [];
  return (
    <>
      <CustomerPicker label="Customer of the group" value={customerId} onChange={(picked) => setCustomerId(picked?.id ?? '')} />
      <SelectField label="Notification group" value={groupId ?? ''} onChange={(event) => onChange(event.target.value || undefined)} options={[{ value: '', label: groups.length ? 'Choose a group' : 'No group: choose a customer that has one' }, ...kept, ...options]} error={error} />
    </>
  );
}
