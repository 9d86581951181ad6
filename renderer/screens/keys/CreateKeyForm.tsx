import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { call, failureMessage, IpcFailure } from '../../app/airlock-api.ts';
import { ACCESS_LABELS, type WorkspaceView } from '../../app/status-text.ts';
import type { NewKeySecret } from './key-text.ts';
import type { WorkspaceAccess } from '../../../preload/contract/vocabulary.ts';

interface CreateKeyFormProps {
  /** The folders shared now: a key can reach only some of these. */
  readonly workspaces: readonly WorkspaceView[];
  readonly onCreated: (answer: NewKeySecret) => void;
  readonly onCancel: () => void;
}

type Field = 'name' | 'workspaces' | 'form';
interface FormProblem {
  readonly field: Field;
  readonly message: string;
}

/** Which part of the form a refusal from main is about. */
function fieldOf(error: unknown): Field {
  if (!(error instanceof IpcFailure)) return 'form';
  if (error.code === 'invalid_name' || error.code === 'already_added') return 'name';
  if (error.code === 'invalid_workspace') return 'workspaces';
  return 'form';
}

/**
 * A new key: its name, the shared folders it may reach, and whether it may change files
 * there. Main checks everything again and answers in plain words, shown beside the field.
 */
export function CreateKeyForm({ workspaces, onCreated, onCancel }: CreateKeyFormProps) {
  const [name, setName] = useState('');
  // One shared folder is the obvious choice; with several the person picks.
  const [chosen, setChosen] = useState<readonly string[]>(() =>
    workspaces.length === 1 && workspaces[0]?.available ? [workspaces[0].path] : [],
  );
  const [access, setAccess] = useState<WorkspaceAccess>('read');
  const [problem, setProblem] = useState<FormProblem>();
  const [busy, setBusy] = useState(false);
  const nameField = useRef<HTMLInputElement>(null);
  const workspaceList = useRef<HTMLFieldSetElement>(null);
  const ids = {
    heading: useId(),
    name: useId(),
    nameHint: useId(),
    problem: useId(),
    access: useId(),
  };

  // The name comes first: the form opens with the focus in it.
  useEffect(() => nameField.current?.focus(), []);

  const toggle = (path: string, on: boolean) =>
    setChosen((current) =>
      on ? [...current, path] : current.filter((candidate) => candidate !== path),
    );

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const answer = await call('createKey', { name, workspaces: [...chosen], access });
      setProblem(undefined);
      onCreated(answer);
    } catch (error) {
      const field = fieldOf(error);
      setProblem({ field, message: failureMessage(error) });
      if (field === 'name') nameField.current?.focus();
      if (field === 'workspaces') workspaceList.current?.querySelector('input')?.focus();
      setBusy(false);
    }
  };

  const problemAt = (field: Field) =>
    problem?.field === field ? (
      <p id={ids.problem} className="warning-box" role="alert">
        {problem.message}
      </p>
    ) : null;

  return (
    <section className="card new-key-form" aria-labelledby={ids.heading}>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id={ids.heading}>Create a key</h2>
        <div className="field">
          <label htmlFor={ids.name}>Name</label>
          <input
            id={ids.name}
            ref={nameField}
            type="text"
            value={name}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={problem?.field === 'name'}
            aria-describedby={
              problem?.field === 'name' ? `${ids.nameHint} ${ids.problem}` : ids.nameHint
            }
            onChange={(event) => setName(event.target.value)}
          />
          <p id={ids.nameHint} className="quiet field-hint">
            A name to know it by, such as the app and the computer that use it: “cursor-laptop”.
          </p>
          {problemAt('name')}
        </div>
        <fieldset
          ref={workspaceList}
          className="field"
          aria-describedby={problem?.field === 'workspaces' ? ids.problem : undefined}
        >
          <legend>Folders it can reach</legend>
          {workspaces.map((workspace) => (
            <label key={workspace.path} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(workspace.path)}
                disabled={!workspace.available}
                onChange={(event) => toggle(workspace.path, event.target.checked)}
              />
              <span className="folder-path">{workspace.path}</span>
              <span className="quiet">
                {workspace.available
                  ? ` (shared as “${ACCESS_LABELS[workspace.access]}”)`
                  : ' (not available now)'}
              </span>
            </label>
          ))}
          {problemAt('workspaces')}
        </fieldset>
        <fieldset className="field">
          <legend>What the app may do there</legend>
          {(['read', 'write'] as const).map((choice) => (
            <label key={choice} className="choice">
              <input
                type="radio"
                name={ids.access}
                value={choice}
                checked={access === choice}
                onChange={() => setAccess(choice)}
              />
              {ACCESS_LABELS[choice]}
            </label>
          ))}
          <p className="quiet field-hint">
            A key never gets more than a folder allows: where a folder is shared as “Can read”, the
            app can only read, whatever the key says.
          </p>
        </fieldset>
        {problemAt('form')}
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Creating…' : 'Create key'}
          </button>
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
