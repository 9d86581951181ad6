import { useState } from 'react';
import type { LaunchPointChanges } from '../../../preload/contract/approval-views.ts';
import { ChoiceGroup, type Choice } from './ChoiceGroup.tsx';
import type { NumberGroupProps } from './group-props.ts';
import { NumberFields } from './NumberFields.tsx';
import { APPROVAL_FIELDS } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

const LAUNCH_POINT_CHOICES: readonly Choice<LaunchPointChanges>[] = [
  {
    value: 'never',
    label: 'Never let agents change them (recommended)',
    help: 'An agent that tries is refused at once.',
  },
  {
    value: 'ask',
    label: 'Ask me each time',
    help: 'Each change waits for your OK, one at a time: never allowed for an hour.',
  },
];

/**
 * "Ask me first": whether files that can make programs run may be changed with the person's
 * OK, and how long a request waits for it. Which folders ask is chosen in Folders.
 */
export function ApprovalsGroup({ settings, ranges, onSaved }: NumberGroupProps) {
  const save = useGroupSave(onSaved);
  const drafts = useNumberDrafts(APPROVAL_FIELDS, settings, ranges);
  const [agentChanges, setAgentChanges] = useState(settings.launchPoints.agentChanges);
  return (
    <SettingsGroup
      title="Ask me first"
      intro={
        <p>
          In a folder set to ask you, an agent’s change waits here until you allow it or say no, and
          you see what will change first. Choose what each folder asks in Folders.
        </p>
      }
      save={save}
      saveLabel="Save"
      onSave={() => {
        const approvals = drafts.check();
        if (!approvals) return save.refuse('Not saved. Correct the marked values first.');
        void save
          .save({ approvals, launchPoints: { agentChanges } })
          .then((saved) => saved && drafts.reset(saved));
      }}
    >
      <ChoiceGroup
        legend="Files that can make programs run on your computer"
        help="The files listed under “Files agents may read but never change”."
        name="launch-point-changes"
        choices={LAUNCH_POINT_CHOICES}
        value={agentChanges}
        onChange={(value) => {
          setAgentChanges(value);
          save.edited();
        }}
      />
      <NumberFields
        fields={APPROVAL_FIELDS}
        ranges={ranges}
        drafts={drafts}
        onEdited={() => save.edited()}
      />
    </SettingsGroup>
  );
}
