import { useId } from 'react';

/** One answer of a choice group, with what it means. */
export interface Choice<Value extends string> {
  readonly value: Value;
  readonly label: string;
  readonly help: string;
}

interface ChoiceGroupProps<Value extends string> {
  /** The question the choices answer, read first by screen readers. */
  readonly legend: string;
  /** What the question is about, read with it. */
  readonly help: string;
  /** The radio buttons' name, the same for the whole group. */
  readonly name: string;
  readonly choices: readonly Choice<Value>[];
  readonly value: Value;
  readonly onChange: (value: Value) => void;
}

/** A setting with a few answers, as radio buttons each with what it means below its label. */
export function ChoiceGroup<Value extends string>({
  legend,
  help,
  name,
  choices,
  value,
  onChange,
}: ChoiceGroupProps<Value>) {
  const legendId = useId();
  return (
    <fieldset className="choice-group" aria-describedby={`${legendId}-help`}>
      <legend id={legendId}>{legend}</legend>
      <p id={`${legendId}-help`} className="field-help quiet">
        {help}
      </p>
      {choices.map((choice) => (
        <label key={choice.value} className="choice">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <span>
            {choice.label}
            <span className="choice-help quiet">{choice.help}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
