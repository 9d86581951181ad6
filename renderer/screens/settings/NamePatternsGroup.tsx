import { useState, type ReactNode } from 'react';
import type { RequestOf } from '../../../preload/ipc-contract.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { GroupProps } from './group-props.ts';
import { checkName, checkPlace, PatternList } from './PatternList.tsx';
import type { Settings } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';

/** The two lists of names in the settings: what agents may not read, and may not change. */
export type NamePatternsSection = 'guard' | 'launchPoints';
type NamePatterns = Settings[NamePatternsSection];

interface ListWords {
  /** The list's name: "Hidden names". */
  readonly title: string;
  readonly help: string;
  /** Shown when the add field is empty or wrong: ".env or *.pem". */
  readonly example: string;
}

/** Everything a list's group says; the secret guard and the launch points each have theirs. */
export interface NamePatternsWords {
  readonly title: string;
  readonly intro: ReactNode;
  readonly switchLabel: string;
  readonly switchHelp: string;
  /** Shown while the saved list is off, so the person sees what is unprotected. */
  readonly offWarning: string;
  readonly names: ListWords;
  readonly places: ListWords;
  readonly saveLabel: string;
  readonly restoreTitle: string;
  readonly restoreBody: string;
  readonly turnOffTitle: string;
  readonly turnOffBody: string;
  readonly turnOffLabel: string;
}

interface NamePatternsGroupProps extends GroupProps {
  readonly section: NamePatternsSection;
  /** What a fresh install has: "Restore the defaults" brings it back. */
  readonly defaults: NamePatterns;
  readonly words: NamePatternsWords;
}

/** A list of names: on or off, its names and places, and its defaults one click away. */
export function NamePatternsGroup({
  section,
  settings,
  defaults,
  words,
  onSaved,
}: NamePatternsGroupProps) {
  const save = useGroupSave(onSaved);
  const saved = settings[section];
  const [draft, setDraft] = useState<NamePatterns>(saved);
  const [asking, setAsking] = useState<'restore' | 'turn-off'>();
  const edit = (change: Partial<NamePatterns>) => {
    setDraft((current) => ({ ...current, ...change }));
    save.edited();
  };
  const store = (draft: NamePatterns, message?: string) => {
    // The lists and their switch only: whether agents may change a launch point with the
    // person's OK is the "Ask me first" group's, and a draft here may be older than its save.
    const list = {
      enabled: draft.enabled,
      patterns: draft.patterns,
      nestedPatterns: draft.nestedPatterns,
    };
    const patch: RequestOf<'updateSettings'> =
      section === 'guard' ? { guard: list } : { launchPoints: list };
    void save.save(patch, message).then((answer) => answer && setDraft(answer[section]));
  };
  return (
    <SettingsGroup
      title={words.title}
      intro={words.intro}
      save={save}
      saveLabel={words.saveLabel}
      onSave={() => {
        // Turning a protection off is the one change here that asks first.
        if (!draft.enabled && saved.enabled) return setAsking('turn-off');
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
          {words.switchLabel}
          <span className="choice-help quiet">{words.switchHelp}</span>
        </span>
      </label>
      {!saved.enabled && <p className="warning-box">{words.offWarning}</p>}
      <PatternList
        title={words.names.title}
        help={words.names.help}
        addLabel="Add a name"
        items={draft.patterns}
        onChange={(patterns) => edit({ patterns })}
        check={(entry, items) => checkName(entry, items, words.names.example)}
      />
      <PatternList
        title={words.places.title}
        help={words.places.help}
        addLabel="Add a place"
        items={draft.nestedPatterns}
        onChange={(nestedPatterns) => edit({ nestedPatterns })}
        check={(entry, items) => checkPlace(entry, items, words.places.example)}
      />
      <ConfirmDialog
        open={asking === 'restore'}
        title={words.restoreTitle}
        confirmLabel="Restore the defaults"
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          setAsking(undefined);
          store(defaults, 'Saved. The defaults are back.');
        }}
      >
        <p>{words.restoreBody}</p>
      </ConfirmDialog>
      <ConfirmDialog
        open={asking === 'turn-off'}
        title={words.turnOffTitle}
        confirmLabel={words.turnOffLabel}
        risky
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          setAsking(undefined);
          store(draft);
        }}
      >
        <p>{words.turnOffBody}</p>
      </ConfirmDialog>
    </SettingsGroup>
  );
}
