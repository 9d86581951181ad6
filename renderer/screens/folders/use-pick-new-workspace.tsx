import { useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { WorkspaceChoice } from './folder-text.ts';

export interface PickedWorkspace {
  readonly choice: WorkspaceChoice;
  /** True when the folder is risky and the person said to share it anyway. */
  readonly acceptRisk: boolean;
}

interface PickNewWorkspaceOptions {
  readonly onChosen: (chosen: PickedWorkspace) => void;
  readonly onProblem: (message: string | undefined) => void;
}

/**
 * Picking a folder: main shows the native picker; when the folder is risky (the home
 * folder, a system folder, a whole drive), a warning asks the person before anything goes
 * on. Returns `choose`, whether the picker is open, and the warning to render.
 */
export function usePickNewWorkspace({ onChosen, onProblem }: PickNewWorkspaceOptions) {
  const [busy, setBusy] = useState(false);
  const [risky, setRisky] = useState<WorkspaceChoice>();

  const choose = async () => {
    setBusy(true);
    try {
      const choice = await call('pickNewWorkspace');
      onProblem(undefined);
      if (!choice) return;
      if (choice.risk) setRisky(choice);
      else onChosen({ choice, acceptRisk: false });
    } catch (error) {
      onProblem(failureMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const warning = (
    <ConfirmDialog
      open={risky !== undefined}
      title={risky?.risk ? `${risky.risk.title}. Share it anyway?` : ''}
      confirmLabel="Share anyway"
      cancelLabel="Don’t share it"
      risky
      onCancel={() => setRisky(undefined)}
      onConfirm={() => {
        if (risky) onChosen({ choice: risky, acceptRisk: true });
        setRisky(undefined);
      }}
    >
      <p className="folder-path">{risky?.path}</p>
      <p>{risky?.risk?.explanation}</p>
    </ConfirmDialog>
  );

  return { choose: () => void choose(), busy, warning };
}
