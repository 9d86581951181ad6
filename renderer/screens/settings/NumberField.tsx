import { useId } from 'react';
import { rangeText, type NumberSetting, type SettingRange } from './setting-fields.ts';

interface NumberFieldProps {
  readonly setting: NumberSetting;
  readonly range: SettingRange | undefined;
  readonly value: string;
  /** Shown under the field, and read with it, when the value cannot be saved. */
  readonly error: string | undefined;
  readonly onChange: (text: string) => void;
}

/** A number in the unit a person thinks in, with its range and, when wrong, why. */
export function NumberField({ setting, range, value, error, onChange }: NumberFieldProps) {
  const id = useId();
  const { unit } = setting;
  const described = [`${id}-help`, error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="number-field">
      <label htmlFor={id}>
        {setting.label}
        {unit.name && <span className="visually-hidden"> (in {unit.name})</span>}
      </label>
      <div className="number-input">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={described}
          onChange={(event) => onChange(event.target.value)}
        />
        {unit.name && (
          <span className="unit" aria-hidden="true">
            {unit.name}
          </span>
        )}
      </div>
      <p id={`${id}-help`} className="field-help quiet">
        {setting.help}
        {range && ` From ${rangeText(range, unit).slice('from '.length)}.`}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
