import { NumberFields } from './NumberFields.tsx';
import type { NumberGroupProps } from './group-props.ts';
import { LIMIT_FIELDS } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

/** The caps on what one request may do: sizes, counts, depth and time. */
export function LimitsGroup({ settings, ranges, onSaved }: NumberGroupProps) {
  const save = useGroupSave(onSaved);
  const drafts = useNumberDrafts(LIMIT_FIELDS, settings, ranges);
  return (
    <SettingsGroup
      title="Limits"
      intro={<p>Caps that keep one request from overwhelming the agent or this computer.</p>}
      save={save}
      saveLabel="Save limits"
      onSave={() => {
        const limits = drafts.check();
        if (!limits) return save.refuse('Not saved. Correct the marked values first.');
        void save.save({ limits }).then((saved) => saved && drafts.reset(saved));
      }}
    >
      <NumberFields
        fields={LIMIT_FIELDS}
        ranges={ranges}
        drafts={drafts}
        onEdited={() => save.edited()}
      />
    </SettingsGroup>
  );
}
