import type { PathPolicy } from '../policy/path-policy.ts';
import {
  locationsOf,
  type ChangeRecord,
  type ChangeStatus,
  type ChangeStep,
  type Location,
} from './change-record.ts';

/**
 * One change as a front end lists it: what was done, where, by whom and when, in plain
 * words, and whether it can be undone now. Paths are relative to the change's workspace.
 */
export interface ChangeSummary {
  /** The change id: the tool call's correlation id, which its audit record carries too. */
  readonly id: string;
  readonly tool: string;
  /** When the change was made (ISO 8601, UTC). */
  readonly at: string;
  /** The client's name and version; for a restore, the person who asked. */
  readonly client?: string;
  /** The workspace root of the change's first path. */
  readonly workspace: string;
  /**
   * The paths it touched, relative to `workspace` ('/'-separated); a path in another
   * workspace (a move between two) is absolute.
   */
  readonly paths: readonly string[];
  /** What was done, in a few plain words: "Edited notes/report.md". */
  readonly summary: string;
  readonly status: ChangeStatus;
  /**
   * Whether a restore may undo it now, as history and the workspaces shared tell; what the
   * disk holds is judged by the preview.
   */
  readonly undoable: boolean;
  /** Why it cannot be undone, in plain words, when it cannot. */
  readonly whyNot?: string;
  /** The restore that undid it, once one did. */
  readonly restoredBy?: string;
  /** For a restore: the change it undid. */
  readonly restores?: string;
  /** The change as history keeps it. */
  readonly record: ChangeRecord;
}

/** `record` summarized for a person, judged against the workspaces `policy` shares now. */
export function summarizeChange(record: ChangeRecord, policy: PathPolicy): ChangeSummary {
  const shown = (location: Location) => shownPath(policy, record, location);
  const whyNot = whyNotUndoable(record, policy);
  return {
    id: record.id,
    tool: record.tool,
    at: record.at,
    ...(record.client ? { client: record.client } : {}),
    workspace: record.workspaceRoot,
    paths: record.steps.flatMap((step) => locationsOf(step).map(shown)),
    summary: describeChange(record, shown),
    status: record.status,
    undoable: whyNot === undefined,
    ...(whyNot ? { whyNot } : {}),
    ...(record.restoredBy ? { restoredBy: record.restoredBy } : {}),
    ...(record.restores ? { restores: record.restores } : {}),
    record,
  };
}

/** Why a restore would be refused whatever the disk holds, or undefined when it may go ahead. */
function whyNotUndoable(record: ChangeRecord, policy: PathPolicy): string | undefined {
  if (record.status === 'pending') return 'This change is still being made.';
  if (record.restoredBy) return `This change was already undone (change ${record.restoredBy}).`;
  if (record.status === 'failed' || !record.undoable)
    return record.reason ?? 'History did not keep what it replaced.';
  const granted = new Set(policy.workspaces.map((workspace) => workspace.root));
  for (const step of record.steps)
    for (const location of locationsOf(step))
      if (!granted.has(location.root))
        return `The folder ${location.root} is no longer shared in Airlock.`;
  return undefined;
}

function shownPath(policy: PathPolicy, record: ChangeRecord, location: Location): string {
  return location.root === record.workspaceRoot
    ? location.path
    : policy.platform.path.join(location.root, ...location.path.split('/'));
}

/** What a change did, as a sentence without its full stop. */
function describeChange(record: ChangeRecord, shown: (location: Location) => string): string {
  const [first] = record.steps;
  if (!first) return record.tool;
  const place = shown(firstLocation(first));
  const more = record.steps.length > 1 ? ` and ${record.steps.length - 1} more` : '';
  switch (record.tool) {
    case 'write_file':
      return first.kind === 'absent' ? `Created ${place}` : `Wrote over ${place}`;
    case 'edit_file':
      return `Edited ${place}`;
    case 'move_file':
      return first.kind === 'moved'
        ? `Moved ${shown(first.from)} to ${shown(first.to)}`
        : `Moved ${place}`;
    case 'delete_file':
      return `Deleted ${place}${first.kind === 'deleted' && first.what === 'folder' ? ' (a folder)' : ''}`;
    case 'create_directory':
      return `Created the folder ${place}`;
    case 'restore':
    case 'undo_change':
      return `Undid change ${record.restores ?? '?'} (${place}${more})`;
    default:
      return `${record.tool} on ${place}${more}`;
  }
}

function firstLocation(step: ChangeStep): Location {
  return step.kind === 'moved' ? step.from : step.at;
}
