import { useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { GroupProps } from './group-props.ts';
import { checkName, checkPlace, PatternList } from './PatternList.tsx';
import type { Settings } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';

type Guard = Settings['guard'];

interface GuardGroupProps extends GroupProps {
  /** What a fresh install hides: "Restore the defaults" brings it back. */
  readonly defaults: Guard;
}

/** The secret guard: on or off, the names and places it hides, and its defaults. */
export function GuardGroup({ settings, defaults, onSaved }: GuardGroupProps) {
  const save = useGroupSave(onSaved);
  const [draft, setDraft] = useState<Guard>(settings.guard);
  const [asking, setAsking] = useState<'restore' | 'turn-off'>();
  const edit = (change: Partial<Guard>) => {
    setDraft((current) => ({ ...current, ...change }));
    save.edited();
  };
  const store = (guard: Guard, message?: string) =>
    void save.save({ guard }, message).then((saved) => saved && setDraft(saved.guard));
  return (
    <SettingsGroup
      title="Secret guard"
      intro={
        <p>
          The secret guard hides files that usually hold passwords and keys, so that no agent can
          open them, in every shared folder.
        </p>
      }
      save={save}
      saveLabel="Save secret guard"
      onSave={() => {
        if (!draft.enabled && settings.guard.enabled) return setAsking('turn-off');
        store(draft);
      }}
      actions={
        <button type="button" className="button secondary" onClick={() => setAsking('restore')}>
          Restore the defaults…
        </button>
      }
    >
      <label className="choice">
        <input
          type="checkbox"
          checked={draft.enabled}
          onChange={(event) => edit({ enabled: event.target.checked })}
        />
        <span>
          Hide secret files from agents (recommended)
          <span className="choice-help quiet">
            When this is off, agents can read every file in the shared folders, passwords and keys
            included.
          </span>
        </span>
      </label>
      <PatternList
        title="Hidden names"
        help="A file or folder with one of these names is hidden wherever it is, with everything inside it. * stands for any characters: *.pem hides every name ending in .pem."
        addLabel="Add a name"
        items={draft.patterns}
        onChange={(patterns) => edit({ patterns })}
        check={checkName}
      />
      <PatternList
        title="Hidden places"
        help="Hidden only inside the folder named first: .aws/credentials hides a file called credentials in a folder called .aws."
        addLabel="Add a place"
        items={draft.nestedPatterns}
        onChange={(nestedPatterns) => edit({ nestedPatterns })}
        check={checkPlace}
      />
      <ConfirmDialog
        open={asking === 'restore'}
        title="Restore the secret guard’s defaults?"
        confirmLabel="Restore the defaults"
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          setAsking(undefined);
          store(defaults, 'Saved. The defaults are back.');
        }}
      >
        <p>
          Both lists go back to Airlock’s own, and the guard is turned on. Names and places you
          added are removed.
        </p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'turn-off'}
        title="Turn off the secret guard?"
        confirmLabel="Turn off the guard"
        risky
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          setAsking(undefined);
          store(draft);
        }}
      >
        <p>Agents could then read passwords and keys kept in the shared folders.</p>
      </ConfirmDialog>
    </SettingsGroup>
  );
}
