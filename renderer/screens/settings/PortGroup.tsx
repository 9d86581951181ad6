import type { TransportStatus } from '../../app/status-text.ts';
import type { NumberGroupProps } from './group-props.ts';
import { NumberField } from './NumberField.tsx';
import { PORT_FIELD } from './setting-fields.ts';
import { SettingsGroup } from './SettingsGroup.tsx';
import { useGroupSave } from './use-group-save.ts';
import { useNumberDrafts } from './use-number-drafts.ts';

const FIELDS = [PORT_FIELD];

interface PortGroupProps extends NumberGroupProps {
  /** Where HTTP listens now, from the status. */
  readonly http: TransportStatus | undefined;
}

/** The loopback HTTP port. Apps connected over HTTP have it in their own settings. */
export function PortGroup({ settings, ranges, onSaved, http }: PortGroupProps) {
  const save = useGroupSave(onSaved);
  const drafts = useNumberDrafts(FIELDS, settings, ranges);
  return (
    <SettingsGroup
      title="Port"
      intro={
        <>
          <p>
            Apps such as Cursor, VS Code and Claude Code reach Airlock over HTTP, on this computer
            only.{' '}
            {http?.state === 'listening' && http.address
              ? `Airlock listens at ${http.address} now.`
              : 'HTTP is not listening now.'}
          </p>
          <p className="port-note">
            After a change, apps connected over HTTP must be connected again: open Connections and
            connect each one anew.
          </p>
        </>
      }
      save={save}
      saveLabel="Save port"
      onSave={() => {
        const http = drafts.check();
        if (!http) return save.refuse('Not saved. Correct the port first.');
        void save
          .save({ http }, 'Saved. Connect your HTTP apps again so they use the new port.')
          .then((saved) => saved && drafts.reset(saved));
      }}
    >
      <NumberField
        setting={PORT_FIELD}
        range={ranges[PORT_FIELD.key]}
        value={drafts.texts[PORT_FIELD.key] ?? ''}
        error={drafts.errors[PORT_FIELD.key]}
        onChange={(text) => {
          drafts.change(PORT_FIELD.key, text);
          save.edited();
        }}
      />
    </SettingsGroup>
  );
}
