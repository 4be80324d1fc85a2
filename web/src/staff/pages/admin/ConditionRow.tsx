import { ErrorNotice, SelectField } from '../../../shared/components';
import { Checkboxes } from './Checkboxes';
import { CustomerSelection, useCustomerNames } from './CustomerSelection';
import { RowAction } from './RowAction';
import { conditionOn, fieldLabels, messagesUnder, offeredWith, operatorLabels, valueLabels, yesNoFields, type Condition, type Trigger } from './automationRules';
import type { CustomerGroup } from './types';
import { useApiData } from './useApiData';

const labelOf = (field: string) => fieldLabels[field] ?? field;

/** One condition: field, operator and the values it is compared with, as the trigger offers them. */
export function ConditionRow({ index, condition, trigger, error, autoFocus, onChange, onRemove }: { index: number; condition: Condition; trigger: Trigger | undefined; error: unknown; autoFocus: boolean; onChange: (condition: Condition) => void; onRemove: () => void }) {
  const at = `/conditions/${index}`;
  const offered = trigger?.conditionFields ?? [];
  const yesNo = yesNoFields.includes(condition.field);
  const operators = yesNo ? ['is_true', 'is_false'] : ['in', 'not_in'];
  const fixed = offered.find((field) => field.field === condition.field)?.values ?? null;
  return (
    <fieldset>
      <legend>Condition {index + 1}</legend>
      <div className="filters">
        <SelectField
          label="Field"
          autoFocus={autoFocus}
          value={condition.field}
          onChange={(event) => onChange(conditionOn(event.target.value))}
          options={offeredWith(offered.map(({ field }) => ({ value: field, label: labelOf(field) })), condition.field, labelOf)}
          error={messagesUnder(error, `${at}/field`)}
        />
        <SelectField
          label="Operator"
          value={condition.op}
          onChange={(event) => onChange({ ...condition, op: event.target.value })}
          options={offeredWith(operators.map((op) => ({ value: op, label: operatorLabels[op]! })), condition.op, (op) => operatorLabels[op] ?? op)}
          error={messagesUnder(error, `${at}/op`)}
        />
      </div>
      {yesNo ? null : <ConditionValues field={condition.field} fixed={fixed} values={condition.values ?? []} error={messagesUnder(error, `${at}/values`)} onChange={(values) => onChange({ ...condition, values })} />}
      <RowAction label="Remove condition" subject={`condition ${index + 1}`} onClick={onRemove} />
    </fieldset>
  );
}

interface Named {
  id: string;
  name: string;
}

/** What the lists a field's choices come from answer: a list of its own, or the staff directory (any staff user may read it). */
type Listed = { items?: Array<Named | CustomerGroup>; staff?: Named[]; teams?: Named[] };

/** Where the choices of a field whose values are ids come from, and what its `none` means. */
const idSources: Record<string, { path: string; list: (listed: Listed) => Named[] | undefined; none: string }> = {
  customer_group: { path: '/api/customer-groups', list: (listed) => listed.items, none: 'No customer group' },
  team: { path: '/api/staff/directory', list: (listed) => listed.teams, none: 'No team' },
  assignee: { path: '/api/staff/directory', list: (listed) => listed.staff, none: 'Unassigned' },
};

/** The values of an "is one of" condition: ticked from the field's fixed values, or picked from the customers, groups, teams or staff. */
function ConditionValues({ field, fixed, values, error, onChange }: { field: string; fixed: string[] | null; values: string[]; error: string | undefined; onChange: (values: string[]) => void }) {
  const source = idSources[field];
  const records = useApiData<Listed>(source?.path);
  if (field === 'customer') return <CustomerValues values={values} error={error} onChange={onChange} />;
  const options = source
    ? [...((records.data && source.list(records.data)) ?? []).map((record) => ({ value: record.id, label: record.name })), { value: 'none', label: source.none }]
    : (fixed ?? []).map((value) => ({ value, label: valueLabels[value] ?? value }));
  // Values the lists no longer hold (a deleted team) stay visible, to be ticked off.
  const unknown = values.filter((value) => !options.some((option) => option.value === value)).map((value) => ({ value, label: `${value} (unknown)` }));
  return (
    <>
      <ErrorNotice error={records.error} />
      <Checkboxes legend="Values" options={[...options, ...unknown]} selected={values} onChange={onChange} error={error} />
    </>
  );
}

function CustomerValues({ values, error, onChange }: { values: string[]; error: string | undefined; onChange: (values: string[]) => void }) {
  const ids = values.filter((value) => value !== 'none');
  const { names, remember } = useCustomerNames(ids);
  const none = values.includes('none');
  return (
    <>
      <CustomerSelection legend="Customers" selected={ids} names={names} onPicked={remember} onChange={(chosen) => onChange(none ? [...chosen, 'none'] : chosen)} />
      <Checkboxes legend="Tickets without a customer" options={[{ value: 'none', label: 'No customer' }]} selected={none ? ['none'] : []} onChange={(chosen) => onChange([...ids, ...chosen])} error={error} />
    </>
  );
}
