import { useId, useState } from 'react';
import type { GroupProps } from './group-props.ts';
import { PatternList } from './PatternList.tsx';
import { checkExemptName, EXEMPT_EXAMPLE } from './secret-exempt-names.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';

/**
 * Secrets inside files: how they are found, and which files show theirs, in every folder.
 * Whether a folder hides them at all is its own switch, in Folders.
 */
export function SecretsGroup({ settings, onSaved }: GroupProps) {
  const save = useGroupSave(onSaved);
  const [entropy, setEntropy] = useState(settings.secrets.entropy);
  const [exempt, setExempt] = useState<string[]>(settings.secrets.exempt);
  const entropyHelpId = useId();
  return (
    <SettingsGroup
      title="Secrets inside files"
      intro={
        <p>
          In a folder where “Hide passwords and keys inside files from agents” is on, agents see a
          placeholder instead of each key, token or web-address password that Airlock recognizes,
          and Airlock puts the real value back when an agent saves the file. Turn it on or off for
          each folder in Folders.
        </p>
      }
      save={save}
      saveLabel="Save"
      onSave={() => {
        // This group's own keys only: each folder's switch is saved from Folders.
        void save.save({ secrets: { entropy, exempt } }).then((saved) => {
          if (!saved) return;
          setEntropy(saved.secrets.entropy);
          setExempt(saved.secrets.exempt);
        });
      }}
    >
      <label className="choice">
        <input
          type="checkbox"
          checked={entropy}
          aria-describedby={entropyHelpId}
          onChange={(event) => {
            setEntropy(event.target.checked);
            save.edited();
          }}
        />
        <span>
          Also hide random-looking values saved under a secret’s name
          <span id={entropyHelpId} className="choice-help quiet">
            Catches more, such as a password that was made up at random and saved as “db_password:
            …”. It may also hide harmless text that looks random, such as a code or a long number,
            and then agents cannot read it either. Off unless you turn it on.
          </span>
        </span>
      </label>
      <PatternList
        title="Files whose secrets are not hidden"
        help={`Agents read files with these names as they are, passwords and keys included: useful for sample files that hold made-up keys. * stands for any characters within a name: ${EXEMPT_EXAMPLE} matches settings.example.`}
        addLabel="Add a file name"
        items={exempt}
        onChange={(items) => {
          setExempt(items);
          save.edited();
        }}
        check={checkExemptName}
      />
    </SettingsGroup>
  );
}
