import { NumberField } from './NumberField.tsx';
import type { NumberSetting, SettingRanges } from './setting-fields.ts';
import type { NumberDrafts } from './use-number-drafts.ts';

interface NumberFieldsProps {
  readonly fields: readonly NumberSetting[];
  readonly ranges: SettingRanges;
  readonly drafts: NumberDrafts;
  /** Told of every keystroke, so the group can show that something is unsaved. */
  readonly onEdited: () => void;
}

/** A group's number settings, each with its range, its draft text and its error. */
export function NumberFields({ fields, ranges, drafts, onEdited }: NumberFieldsProps) {
  return (
    <div className="number-fields">
      {fields.map((field) => (
        <NumberField
          key={field.key}
          setting={field}
          range={ranges[field.key]}
          value={drafts.texts[field.key] ?? ''}
          error={drafts.errors[field.key]}
          onChange={(text) => {
            drafts.change(field.key, text);
            onEdited();
          }}
        />
      ))}
    </div>
  );
}
