import { useCallback, useEffect, useState } from 'react';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { WorkspaceView } from '../../app/status-text.ts';
import type { WorkspacesOverview } from './folder-text.ts';

/**
 * The list's details (risk, guard, who can see each workspace), asked for again whenever
 * the workspaces change, here or elsewhere (the tray, another window).
 */
export function useWorkspacesOverview(workspaces: readonly WorkspaceView[]) {
  const [overview, setOverview] = useState<WorkspacesOverview>();
  const [problem, setProblem] = useState<string>();
  const [asked, setAsked] = useState(0);
  const shape = JSON.stringify(workspaces);

  useEffect(() => {
    let current = true;
    call('listWorkspaceDetails').then(
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
