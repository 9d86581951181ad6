import { useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import { ConfirmDialog } from '../../ui/ConfirmDialog.tsx';
import type { FolderChoice } from './folder-text.ts';

export interface ChosenFolder {
  readonly choice: FolderChoice;
  /** True when the folder is risky and the person said to share it anyway. */
  readonly acceptRisk: boolean;
}

interface ChooseFolderOptions {
  readonly onChosen: (chosen: ChosenFolder) => void;
  readonly onProblem: (message: string | undefined) => void;
}

/**
 * Picking a folder: main shows the native picker; when the folder is risky (the home
 * folder, a system folder, a whole drive), a warning asks the person before anything goes
 * on. Returns `choose`, whether the picker is open, and the warning to render.
 */
export function useChooseFolder({ onChosen, onProblem }: ChooseFolderOptions) {
  const [busy, setBusy] = useState(false);
  const [risky, setRisky] = useState<FolderChoice>();

  const choose = async () => {
    setBusy(true);
    try {
      const choice = await call('chooseFolder');
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
