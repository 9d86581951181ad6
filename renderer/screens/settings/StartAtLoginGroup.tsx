import { useId, useState } from 'react';
import type { GroupProps } from './group-props.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';

/** One switch, saved as soon as it changes; the shell tells the system. */
export function StartAtLoginGroup({ settings, onSaved }: GroupProps) {
  const save = useGroupSave(onSaved);
  const [checked, setChecked] = useState(settings.app.startAtLogin);
  const helpId = useId();
  return (
    <SettingsGroup title="Start at login" save={save}>
      <label className="choice">
        <input
          type="checkbox"
          checked={checked}
          disabled={save.state.kind === 'saving'}
          aria-describedby={helpId}
          onChange={(event) => {
            const wanted = event.target.checked;
            setChecked(wanted);
            void save.save({ app: { startAtLogin: wanted } }).then((saved) => {
              setChecked(saved ? saved.app.startAtLogin : !wanted);
            });
          }}
        />
        <span>
          Start Airlock when I log in to this computer
          <span id={helpId} className="choice-help quiet">
            It starts quietly in the menu bar or system tray, without this window.
          </span>
        </span>
      </label>
    </SettingsGroup>
  );
}
