// The words the window shows for changes and their undo, kept apart from the markup. The
// window says "folder" for a workspace, "app" for a client, and "undo" for a restore.
import type {
  ChangedPath,
  ChangeGroup,
  ChangeState,
  ChangeView,
  PathPreview,
  UndoEffect,
} from '../../../preload/contract/change-views.ts';
import { folderName } from '../folders/folder-text.ts';

export type { ChangedPath, ChangeGroup, ChangeView, PathPreview };

/** What someone calls an app that gave no name. */
const UNNAMED_APP = 'An app';

/** The verb of each change, with what it acts on. */
const TOOL_VERBS: Record<string, (what: string, to: string) => string> = {
  write_file: (what) => `Wrote ${what}`,
  edit_file: (what) => `Edited ${what}`,
  move_file: (what, to) => `Moved ${what} to ${to}`,
  delete_file: (what) => `Deleted ${what}`,
  create_directory: (what) => `Created the folder ${what}`,
  restore: (what) => `Undid a change to ${what}`,
  undo_change: (what) => `The app undid its change to ${what}`,
};

/** A path as the window names it: its folder's own name, then the names inside it. */
export function pathWords(path: ChangedPath): string {
  return `${folderName(path.workspace)}/${path.path}`;
}

/** The last name of a path alone: "plan.md". */
export function fileName(path: ChangedPath): string {
  return path.path.split('/').at(-1) ?? path.path;
}

/** "Edited Taxes 2024/receipts.csv", "Moved a.txt to b.txt", "Wrote 3 files". */
export function changeHeadline(change: ChangeView): string {
  const [first, second] = change.paths;
  const verb = TOOL_VERBS[change.tool] ?? ((what: string) => `Changed ${what}`);
  if (!first) return verb('a file', '');
  if (change.tool === 'move_file' && second) return verb(pathWords(first), pathWords(second));
  const others = change.pathCount - 1;
  const what =
    others > 0 ? `${pathWords(first)} and ${plural(others, 'more', 'more')}` : pathWords(first);
  return verb(what, '');
}

/** Who made it: the app's name, or the person (an undo made in Airlock). */
export function whoWords(change: ChangeView): string {
  if (change.tool === 'restore') return 'You, in Airlock';
  return change.app ?? UNNAMED_APP;
}

/** Whether it can be undone, in a few words for the list. */
export const STATE_WORDS: Record<ChangeState, string> = {
  undoable: 'Can be undone',
  undone: 'Undone',
  not_undoable: 'Cannot be undone',
  in_progress: 'Being made',
};

/** What the undo does at one path, as a sentence's start. */
export function effectWords(preview: PathPreview): string {
  const what = pathWords(preview.path);
  const words: Record<UndoEffect, string> = {
    restore: `${what}: the earlier version comes back`,
    remove: `${what}: removed, because this change made it`,
    bring_back: `${what}: comes back`,
    move_back: `${what}: moves back to ${preview.to ? pathWords(preview.to) : 'where it was'}`,
  };
  return words[preview.effect];
}

/**
 * "Claude Desktop changed 4 files in Taxes 2024", "You undid 2 changes in Notes", with the
 * folders named when there are one or two.
 */
export function groupHeadline(group: ChangeGroup): string {
  const where = folderWords(group.workspaces);
  if (group.byPerson)
    return `You undid ${plural(group.changeCount, 'change')}${where ? ` in ${where}` : ''}`;
  const who = group.app ?? UNNAMED_APP;
  const what = plural(group.fileCount, 'file');
  return `${who} changed ${what}${where ? ` in ${where}` : ''}`;
}

function folderWords(workspaces: readonly string[]): string {
  const names = workspaces.map(folderName);
  if (names.length === 0) return '';
  if (names.length === 1) return names[0] as string;
  if (names.length === 2) return `${names[0]} and ${names[1]}`;
  return plural(names.length, 'folder');
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const day = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
});
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "between 10:02 and 10:09 on Tue 4 Mar", "at 10:02 on Tue 4 Mar", or two whole dates. */
export function whenWords(first: string, last: string): string {
  const from = new Date(first);
  const to = new Date(last);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) return '';
  const sameDay = day.format(from) === day.format(to);
  if (!sameDay) return `between ${dayAndTime.format(from)} and ${dayAndTime.format(to)}`;
  const on = `on ${day.format(from)}`;
  if (clock.format(from) === clock.format(to)) return `at ${clock.format(from)} ${on}`;
  return `between ${clock.format(from)} and ${clock.format(to)} ${on}`;
}

/** One change's time: "10:02:13 on Tue 4 Mar". */
export function changeTimeWords(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return `${new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' }).format(date)} on ${day.format(date)}`;
}

const numberFormat = new Intl.NumberFormat();

/** "1 change", "4 changes": `one` for one, `many` (one with an s) for any other count. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${numberFormat.format(count)} ${count === 1 ? one : many}`;
}

/** A size as people read it: "14 KB", "1.5 MB". */
export function sizeWords(bytes: number | null): string {
  if (bytes === null) return 'nothing';
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [unit, name] of units) {
    if (bytes >= unit) {
      const value = bytes / unit;
      return `${value >= 100 || Number.isInteger(value) ? Math.round(value) : value.toFixed(1)} ${name}`;
    }
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}
