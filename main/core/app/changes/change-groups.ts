import {
  GROUP_CHANGES_SHOWN,
  type ChangeGroup,
  type ChangeGroupRef,
  type ChangeGroups,
} from '../../../../preload/contract/change-views.ts';
import type { ChangeSummary, RewindFilter } from '../../history/restore-service.ts';
import { appName, changedPathsOf, changeViewOf, pathKey, stateOf } from './change-view.ts';

/** The tool of an undo the person made (in the window, or with `airlock restore`). */
const PERSON_UNDO_TOOL = 'restore';

/**
 * A client's run of changes is split where it paused for longer than this: a session can
 * stay open for days, and "between Monday 10:02 and Thursday 16:40" is not one piece of
 * work a person would undo at once.
 */
export const GROUP_GAP_MS = 30 * 60 * 1000;

/**
 * The changes as the Changes section shows them, newest group first. A group is one
 * client's run of changes in one session, with no pause past GROUP_GAP_MS; another session
 * of the same app (a second window of it) is a group of its own even when their changes
 * interleave. The person's own undos are grouped apart from any agent's. So a group is
 * exactly the session's changes between its first and its last: what "Undo all" asks the
 * restore service to rewind. `summaries` come newest first, as the service lists them.
 */
export function groupChanges(summaries: readonly ChangeSummary[], limit: number): ChangeGroups {
  const bySession = new Map<string, ChangeSummary[][]>();
  // Oldest first, so each run grows forward in time.
  for (const summary of [...summaries].reverse()) {
    const key = JSON.stringify([
      isPersonUndo(summary),
      summary.client ?? null,
      summary.record.session ?? null,
    ]);
    const runs = bySession.get(key) ?? [];
    bySession.set(key, runs);
    const run = runs.at(-1);
    const last = run?.at(-1);
    const continues =
      last !== undefined && Date.parse(summary.at) - Date.parse(last.at) <= GROUP_GAP_MS;
    if (run && continues) run.push(summary);
    else runs.push([summary]);
  }
  // Newest last change first, by history's order: times can share a millisecond.
  const runs = [...bySession.values()]
    .flat()
    .sort((a, b) => (b.at(-1)?.record.order ?? 0) - (a.at(-1)?.record.order ?? 0));
  return { groups: runs.slice(0, limit).map(groupOf), more: runs.length > limit };
}

export function isPersonUndo(summary: ChangeSummary): boolean {
  return summary.tool === PERSON_UNDO_TOOL;
}

/** `run` is oldest first. */
function groupOf(run: readonly ChangeSummary[]): ChangeGroup {
  const first = run[0] as ChangeSummary;
  const last = run.at(-1) as ChangeSummary;
  const files = new Set<string>();
  const workspaces = new Set<string>();
  for (const summary of run) {
    for (const path of changedPathsOf(summary)) {
      files.add(pathKey(path));
      workspaces.add(path.workspace);
    }
  }
  const { client } = first;
  const { session } = first.record;
  const app = appName(client);
  const byPerson = isPersonUndo(first);
  return {
    ref: {
      ...(client ? { client } : {}),
      ...(session ? { session } : {}),
      byPerson,
      since: first.at,
      until: last.at,
    },
    ...(client ? { client } : {}),
    ...(app ? { app } : {}),
    ...(session ? { session } : {}),
    byPerson,
    workspaces: [...workspaces].sort(),
    fileCount: files.size,
    changeCount: run.length,
    undoableCount: run.filter((summary) => stateOf(summary) === 'undoable').length,
    first: first.at,
    last: last.at,
    changes: [...run].reverse().slice(0, GROUP_CHANGES_SHOWN).map(changeViewOf),
  };
}

/**
 * The restore service's filter for a group's changes: its client's, in its session, from
 * its first to its last.
 */
export function rewindFilterOf(ref: ChangeGroupRef): RewindFilter {
  return {
    since: new Date(ref.since),
    until: new Date(ref.until),
    ...(ref.client ? { client: ref.client } : {}),
    ...(ref.session ? { session: ref.session } : {}),
  };
}

/**
 * Whether `summary` is one of the group's changes. The service's filter matches a client by
 * the start of its name, and a group without a session (the person's undos) by no session,
 * so what it finds is checked against this.
 */
export function inGroup(summary: ChangeSummary, ref: ChangeGroupRef): boolean {
  const at = Date.parse(summary.at);
  return (
    at >= Date.parse(ref.since) &&
    at <= Date.parse(ref.until) &&
    summary.client === ref.client &&
    summary.record.session === ref.session &&
    isPersonUndo(summary) === ref.byPerson
  );
}
