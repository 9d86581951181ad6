import { useCallback, useEffect, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { WorkspaceView } from '../../app/status-text.ts';
import type { FoldersOverview } from './folder-text.ts';

/**
 * The list's details (risk, guard, who can see each folder), asked for again whenever
 * the shared folders change, here or elsewhere (the tray, another window).
 */
export function useFolderOverview(workspaces: readonly WorkspaceView[]) {
  const [overview, setOverview] = useState<FoldersOverview>();
  const [problem, setProblem] = useState<string>();
  const [asked, setAsked] = useState(0);
  const shape = JSON.stringify(workspaces);

  useEffect(() => {
    let current = true;
    call('listFolders').then(
      (next) => {
        if (!current) return;
        setOverview(next);
        setProblem(undefined);
      },
      (error: unknown) => current && setProblem(failureMessage(error)),
    );
    return () => {
      current = false;
    };
  }, [shape, asked]);

  const refresh = useCallback(() => setAsked((count) => count + 1), []);
  return { overview, problem, refresh };
}
