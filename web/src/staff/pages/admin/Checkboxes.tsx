import { useId } from 'react';

/** A set of choices ticked on or off, under a legend; the error, if any, tied to the group. */
export function Checkboxes({ legend, options, selected, onChange, error }: { legend: string; options: Array<{ value: string; label: string }>; selected: string[]; onChange: (values: string[]) => void; error?: string | undefined }) {
  const id = useId();
  const toggle = (value: string, on: boolean) => onChange(on ? [...selected, value] : selected.filter((other) => other !== value));
  return (
    <fieldset aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className="check">
          <input type="checkbox" id={`${id}-${option.value}`} checked={selected.includes(option.value)} onChange={(event) => toggle(option.value, event.target.checked)} />
          <label htmlFor={`${id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      {error ? <p id={`${id}-error`} className="field-error">{error}</p> : null}
    </fieldset>
  );
}
