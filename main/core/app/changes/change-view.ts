import {
  PATHS_SHOWN,
  type ChangedPath,
  type ChangeState,
  type ChangeView,
} from '../../../../preload/contract/change-views.ts';
import { nameWithoutVersion } from '../../../../preload/contract/words/approval-words.ts';
import { locationsOf, type Location } from '../../history/change-record.ts';
import type { ChangeSummary } from '../../history/restore-service.ts';

/** A change as the window shows it: who, when, which paths, and whether it can be undone. */
export function changeViewOf(summary: ChangeSummary): ChangeView {
  const { record } = summary;
  const paths = changedPathsOf(summary);
  const app = appName(summary.client);
  const state = stateOf(summary);
  return {
    id: summary.id,
    tool: summary.tool,
    at: summary.at,
    ...(summary.client ? { client: summary.client } : {}),
    ...(app ? { app } : {}),
    ...(record.session ? { session: record.session } : {}),
    paths: paths.slice(0, PATHS_SHOWN),
    pathCount: paths.length,
    state,
    ...(state === 'not_undoable'
      ? { reason: summary.whyNot ?? 'History did not keep what this change replaced.' }
      : {}),
    ...(summary.restores ? { undoes: summary.restores } : {}),
    ...(summary.restoredBy ? { undoneBy: summary.restoredBy } : {}),
  };
}

/** Whether the change can be undone now, as the restore service judges it. */
export function stateOf(summary: ChangeSummary): ChangeState {
  if (summary.status === 'pending') return 'in_progress';
  if (summary.restoredBy) return 'undone';
  return summary.undoable ? 'undoable' : 'not_undoable';
}

/** Every path the change touched, once each, in its steps' order (a move: from, then to). */
export function changedPathsOf(summary: ChangeSummary): ChangedPath[] {
  const seen = new Set<string>();
  const paths: ChangedPath[] = [];
  for (const step of summary.record.steps) {
    for (const location of locationsOf(step)) {
      const path = changedPath(location);
      const key = pathKey(path);
      if (seen.has(key)) continue;
      seen.add(key);
      paths.push(path);
    }
  }
  return paths;
}

export function changedPath(location: Location): ChangedPath {
  return { workspace: location.root, path: location.path };
}

/** One key per path, for counting distinct paths. */
export function pathKey(path: ChangedPath): string {
  return `${path.workspace}\0${path.path}`;
}

/** The client's name without its version, for headings; none for a call with no client. */
export function appName(client: string | undefined): string | undefined {
  return client ? nameWithoutVersion(client) : undefined;
}
