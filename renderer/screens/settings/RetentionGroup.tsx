import { useState } from 'react';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import { ChoiceGroup, type Choice } from './ChoiceGroup.tsx';
import type { NumberGroupProps } from './group-props.ts';
import { NumberFields } from './NumberFields.tsx';
import { RETENTION_FIELDS, type NumberSetting, type Settings } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

type Fsync = Settings['audit']['fsync'];

const FSYNC_CHOICES: readonly Choice<Fsync>[] = [
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

const INTERVAL: readonly NumberSetting[] = [RETENTION_FIELDS.fsyncIntervalMs];

const ALL_FIELDS = [...ALWAYS_SHOWN, ...INTERVAL];

/** How long the activity log is kept, in files of what size, and how it reaches the disk. */
export function RetentionGroup({ settings, ranges, onSaved }: NumberGroupProps) {
  const save = useGroupSave(onSaved);
  const [fsync, setFsync] = useState<Fsync>(settings.audit.fsync);
  const fields = fsync === 'interval' ? ALL_FIELDS : ALWAYS_SHOWN;
  const drafts = useNumberDrafts(ALL_FIELDS, settings, ranges);
  // The values waiting for a confirmation: a shorter time deletes the older activity files.
  const [asking, setAsking] = useState<Record<string, number>>();
  const store = (audit: Record<string, number>) =>
    void save.save({ audit: { ...audit, fsync } }).then((saved) => {
      if (!saved) return;
      drafts.reset(saved);
      setFsync(saved.audit.fsync);
    });
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
      <NumberFields
        fields={ALWAYS_SHOWN}
        ranges={ranges}
        drafts={drafts}
        onEdited={() => save.edited()}
      />
      <ChoiceGroup
        legend="Writing each record to the disk"
        help="Every record is saved before the agent gets its answer. This decides when the computer also forces it onto the disk."
        name="audit-fsync"
        choices={FSYNC_CHOICES}
        value={fsync}
        onChange={(value) => {
          setFsync(value);
          save.edited();
        }}
      />
      {fsync === 'interval' && (
        <NumberFields
          fields={INTERVAL}
          ranges={ranges}
          drafts={drafts}
          onEdited={() => save.edited()}
        />
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
