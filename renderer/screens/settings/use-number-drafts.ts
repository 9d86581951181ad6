import { useState } from 'react';
import {
  checkNumber,
  shownValue,
  storedValue,
  type NumberSetting,
  type SettingRanges,
  type Settings,
} from './setting-fields.ts';

export interface NumberDrafts {
  /** What each field shows now, by dotted key. */
  readonly texts: Readonly<Record<string, string>>;
  /** Why a field cannot be saved, by dotted key. */
  readonly errors: Readonly<Record<string, string>>;
  change(key: string, text: string): void;
  /**
   * The values to save, by field name within their section (`maxReadBytes`); undefined,
   * with every wrong field marked, when any cannot be saved. Only the fields shown now
   * count, all by default.
   */
  check(shown?: readonly NumberSetting[]): Record<string, number> | undefined;
  /** Shows these saved settings again. */
  reset(settings: Settings): void;
}

/** The text of a group's number fields, as typed, until they are saved. */
export function useNumberDrafts(
  fields: readonly NumberSetting[],
  settings: Settings,
  ranges: SettingRanges,
): NumberDrafts {
  const [texts, setTexts] = useState(() => textsOf(fields, settings));
  const [errors, setErrors] = useState<Record<string, string>>({});
  return {
    texts,
    errors,
    change(key, text) {
      setTexts((current) => ({ ...current, [key]: text }));
      setErrors((current) => withoutKey(current, key));
    },
    check(shown = fields) {
      const values: Record<string, number> = {};
      const found: Record<string, string> = {};
      for (const field of shown) {
        const checked = checkNumber(texts[field.key] ?? '', field, ranges[field.key]);
        if (checked.ok) values[field.key.split('.')[1] ?? field.key] = checked.value;
        else found[field.key] = checked.error;
      }
      setErrors(found);
      return Object.keys(found).length === 0 ? values : undefined;
    },
    reset(saved) {
      setTexts(textsOf(fields, saved));
      setErrors({});
    },
  };
}

function textsOf(fields: readonly NumberSetting[], settings: Settings): Record<string, string> {
  return Object.fromEntries(
    fields.map((field) => [field.key, shownValue(storedValue(settings, field.key), field.unit)]),
  );
}

function withoutKey(record: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
}
