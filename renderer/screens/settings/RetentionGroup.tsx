import { useId, useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { NumberGroupProps } from './group-props.ts';
import { NumberField } from './NumberField.tsx';
import { RETENTION_FIELDS, type NumberSetting, type Settings } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

type Fsync = Settings['audit']['fsync'];

const FSYNC_CHOICES: readonly { value: Fsync; label: string; help: string }[] = [
  {
    value: 'always',
    label: 'Right away',
    help: 'Safest: nothing is lost even in a power cut. Slower when agents do a lot.',
  },
  {
    value: 'interval',
    label: 'Regularly (recommended)',
    help: 'A power cut may lose the last moments of activity.',
  },
  {
    value: 'never',
    label: 'When the computer decides',
    help: 'Fastest. A power cut may lose the last records.',
  },
];

const ALWAYS_SHOWN: readonly NumberSetting[] = [
  RETENTION_FIELDS.retentionDays,
  RETENTION_FIELDS.rotateAgeDays,
  RETENTION_FIELDS.rotateBytes,
];

const ALL_FIELDS = [...ALWAYS_SHOWN, RETENTION_FIELDS.fsyncIntervalMs];

/** How long the activity log is kept, in files of what size, and how it reaches the disk. */
export function RetentionGroup({ settings, ranges, onSaved }: NumberGroupProps) {
  const save = useGroupSave(onSaved);
  const [fsync, setFsync] = useState<Fsync>(settings.audit.fsync);
  const fields = fsync === 'interval' ? ALL_FIELDS : ALWAYS_SHOWN;
  const drafts = useNumberDrafts(ALL_FIELDS, settings, ranges);
  const legendId = useId();
  // The values waiting for a confirmation: a shorter time deletes the older activity files.
  const [asking, setAsking] = useState<Record<string, number>>();
  const store = (audit: Record<string, number>) =>
    void save.save({ audit: { ...audit, fsync } }).then((saved) => {
      if (!saved) return;
      drafts.reset(saved);
      setFsync(saved.audit.fsync);
    });
  const field = (setting: NumberSetting) => (
    <NumberField
      key={setting.key}
      setting={setting}
      range={ranges[setting.key]}
      value={drafts.texts[setting.key] ?? ''}
      error={drafts.errors[setting.key]}
      onChange={(text) => {
        drafts.change(setting.key, text);
        save.edited();
      }}
    />
  );
  return (
    <SettingsGroup
      title="Activity history"
      intro={
        <p>
          Airlock writes down everything agents do, and shows it in Activity. Records are kept in
          files; old files are deleted when they are older than you choose here.
        </p>
      }
      save={save}
      saveLabel="Save activity history"
      onSave={() => {
        // The interval is checked and saved only when it applies.
        const audit = drafts.check(fields);
        if (!audit) return save.refuse('Not saved. Correct the marked values first.');
        const days = audit.retentionDays;
        if (days !== undefined && days < settings.audit.retentionDays) return setAsking(audit);
        store(audit);
      }}
    >
      <div className="number-fields">{ALWAYS_SHOWN.map(field)}</div>
      <fieldset className="choice-group" aria-describedby={`${legendId}-help`}>
        <legend id={legendId}>Writing each record to the disk</legend>
        <p id={`${legendId}-help`} className="field-help quiet">
          Every record is saved before the agent gets its answer. This decides when the computer
          also forces it onto the disk.
        </p>
        {FSYNC_CHOICES.map((choice) => (
          <label key={choice.value} className="choice">
            <input
              type="radio"
              name="audit-fsync"
              value={choice.value}
              checked={fsync === choice.value}
              onChange={() => {
                setFsync(choice.value);
                save.edited();
              }}
            />
            <span>
              {choice.label}
              <span className="choice-help quiet">{choice.help}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {fsync === 'interval' && (
        <div className="number-fields">{field(RETENTION_FIELDS.fsyncIntervalMs)}</div>
      )}
      <ConfirmDialog
        open={asking !== undefined}
        title="Delete older activity?"
        confirmLabel="Delete older activity"
        risky
        onCancel={() => setAsking(undefined)}
        onConfirm={() => {
          const audit = asking;
          setAsking(undefined);
          if (audit) store(audit);
        }}
      >
        <p>
          Activity older than {dayCount(asking?.retentionDays ?? 0)} will be deleted. It cannot be
          brought back.
        </p>
      </ConfirmDialog>
    </SettingsGroup>
  );
}

function dayCount(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
