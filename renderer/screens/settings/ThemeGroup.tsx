import { useState } from 'react';
import { applyTheme, type Theme } from '../../app/theme.ts';
import type { GroupProps } from './group-props.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';

const THEMES: readonly { value: Theme; label: string }[] = [
  { value: 'system', label: 'System: follow this computer' },
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
];

/** Light, dark, or the computer's choice: the window changes at once, then it is saved. */
export function ThemeGroup({ settings, onSaved }: GroupProps) {
  const save = useGroupSave(onSaved);
  const [theme, setTheme] = useState<Theme>(settings.app.theme);
  const choose = (wanted: Theme) => {
    const before = theme;
    setTheme(wanted);
    applyTheme(wanted);
    void save.save({ app: { theme: wanted } }).then((saved) => {
      if (saved) return;
      setTheme(before);
      applyTheme(before);
    });
  };
  return (
    <SettingsGroup title="Theme" save={save}>
      <div role="radiogroup" aria-label="Theme" className="choice-row">
        {THEMES.map((choice) => (
          <label key={choice.value} className="choice">
            <input
              type="radio"
              name="app-theme"
              value={choice.value}
              checked={theme === choice.value}
              onChange={() => choose(choice.value)}
            />
            <span>{choice.label}</span>
          </label>
        ))}
      </div>
    </SettingsGroup>
  );
}
