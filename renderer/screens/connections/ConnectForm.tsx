import { useId, useRef, useState, type FormEvent } from 'react';
import type { AppStatus } from '../../app/status-text.ts';
import {
  ACCESS_OPTIONS,
  firstChosenWorkspaces,
  folderName,
  type ClientView,
} from './connection-text.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

interface ConnectFormProps {
  readonly client: ClientView;
  readonly workspaces: AppStatus['workspaces'];
  readonly busy: boolean;
  readonly onConnect: (chosen: string[], access: WorkspaceAccess) => void;
  /** Cursor only: the same choice, through its one-click install link. */
  readonly onInstallLink?: (chosen: string[], access: WorkspaceAccess) => void;
  readonly onCancel: () => void;
}

/**
 * What an app that connects over HTTP may reach: which shared folders, and whether its
 * agent can change files there. "Can read and change" is offered only where every chosen
 * folder is shared that way. The key reaches only what is ticked, so nothing is ticked at
 * first (the one folder when there is only one), and at least one must be.
 */
export function ConnectForm(props: ConnectFormProps) {
  const { client, workspaces, busy } = props;
  const [chosen, setChosen] = useState(() => new Set(firstChosenWorkspaces(workspaces)));
  const [access, setAccess] = useState<WorkspaceAccess>('read');
  // Set when Connect was pressed with no folder ticked: the message then shows.
  const [noneChosen, setNoneChosen] = useState(false);
  const firstBox = useRef<HTMLInputElement>(null);
  const name = useId();
  const readOnlyHint = useId();
  const noneHint = useId();
  const readOnlyChosen = workspaces.filter(
    (workspace) => chosen.has(workspace.path) && workspace.access === 'read',
  );
  const writeAllowed = readOnlyChosen.length === 0;
  const effectiveAccess: WorkspaceAccess = writeAllowed ? access : 'read';
  const chosenPaths = workspaces
    .map((workspace) => workspace.path)
    .filter((path) => chosen.has(path));

  const toggle = (path: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      if (next.size > 0) setNoneChosen(false);
      return next;
    });

  /** True when at least one folder is ticked; otherwise says so and goes to the first box. */
  const checkChosen = () => {
    if (chosenPaths.length > 0) return true;
    setNoneChosen(true);
    firstBox.current?.focus();
    return false;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (checkChosen()) props.onConnect(chosenPaths, effectiveAccess);
  };

  return (
    <form className="connect-form" onSubmit={submit} aria-label={`Connect ${client.name}`}>
      <fieldset aria-describedby={noneChosen ? noneHint : undefined}>
        <legend>Folders {client.name} can use</legend>
        <ul className="connect-folders">
          {workspaces.map((folder, index) => {
            // Paths may hold spaces, which an id (in aria-describedby) may not.
            const id = `${name}-folder-${index}`;
            return (
              <li key={folder.path}>
                <input
                  ref={index === 0 ? firstBox : undefined}
                  type="checkbox"
                  id={id}
                  checked={chosen.has(folder.path)}
                  onChange={() => toggle(folder.path)}
                  aria-describedby={`${id}-path`}
                />
                <label htmlFor={id}>{folderName(folder.path)}</label>
                <span id={`${id}-path`} className="quiet connect-folder-path">
                  {folder.path}
                  {folder.access === 'read' ? ' (shared as “Can read”)' : ''}
                </span>
              </li>
            );
          })}
        </ul>
        {noneChosen && (
          <p id={noneHint} role="alert" className="connect-hint">
            Tick at least one folder: the key for {client.name} reaches only the folders ticked
            here.
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>What the agent in {client.name} may do there</legend>
        {ACCESS_OPTIONS.map((option) => {
          const id = `${name}-access-${option.value}`;
          const disabled = option.value === 'write' && !writeAllowed;
          return (
            <div key={option.value} className="connect-access">
              <input
                type="radio"
                id={id}
                name={`${name}-access`}
                value={option.value}
                checked={effectiveAccess === option.value}
                disabled={disabled}
                aria-describedby={disabled ? `${id}-explained ${readOnlyHint}` : `${id}-explained`}
                onChange={() => setAccess(option.value)}
              />
              <label htmlFor={id}>{option.label}</label>
              <p id={`${id}-explained`} className="quiet connect-explanation">
                {option.explanation}
              </p>
            </div>
          );
        })}
        {!writeAllowed && (
          <p id={readOnlyHint} className="connect-hint">
            {readOnlyChosen.map((folder) => folderName(folder.path)).join(', ')}{' '}
            {readOnlyChosen.length === 1 ? 'is' : 'are'} shared as “Can read”, so changes are not
            possible there. Change that in Folders first if the agent should change files.
          </p>
        )}
      </fieldset>
      <p className="quiet connect-key-note">
        Airlock makes a key for {client.name} alone, for these folders only. Keys you made yourself
        on the Keys page are never changed.
      </p>
      <div className="connect-actions">
        <button type="submit" className="button" disabled={busy}>
          Add Airlock to {client.name}
        </button>
        {props.onInstallLink && (
          <button
            type="button"
            className="button secondary"
            disabled={busy}
            onClick={() => checkChosen() && props.onInstallLink?.(chosenPaths, effectiveAccess)}
          >
            Open in {client.name} instead
          </button>
        )}
        <button type="button" className="button secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
