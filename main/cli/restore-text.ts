import { formatSize } from '../core/history/history-limits.ts';
import type {
  ChangeSummary,
  PathPreview,
  PlannedAction,
  RestoreDone,
  RestorePreview,
  RestoreRefusal,
} from '../core/history/restore-service.ts';

// How the command line words what the restore service returns. The window words the same
// values its own way; neither decides anything.

/** One change on one line: id, time, client, what was done, and whether it can be undone. */
export function changeLine(change: ChangeSummary): string {
  const state = change.restoredBy
    ? `undone by ${change.restoredBy}`
    : change.undoable
      ? 'can be undone'
      : `cannot be undone: ${change.whyNot ?? ''}`;
  return [change.id, change.at, change.client ?? '-', change.summary, state].join('\t');
}

/** Who made a change and when, in one line. */
function madeBy(change: ChangeSummary): string {
  return `${change.client ? `by ${change.client}, ` : ''}${change.at}, in ${change.workspace}`;
}

export function previewText(preview: RestorePreview): string {
  const lines = [
    `Change ${preview.change.id}: ${preview.change.summary}`,
    `  ${madeBy(preview.change)}`,
    'Restoring it would:',
    ...preview.actions.map((action) => `  ${actionWords(action)}`),
  ];
  if (preview.conflicts.length > 0) {
    lines.push(
      'Changed since (a restore is refused unless --force is given, which keeps what is there now in history first):',
      ...preview.conflicts.map((conflict) => `  - ${conflict}`),
    );
  } else lines.push('Nothing changed there since.');
  for (const path of preview.paths) lines.push('', ...pathText(path));
  return lines.join('\n');
}

function actionWords(action: PlannedAction): string {
  switch (action.op) {
    case 'remove':
      return `move ${action.path} into history (it can be brought back)`;
    case 'write':
      return `write back ${action.path} as it was`;
    case 'putBack':
      return `put back ${action.path}`;
    case 'moveBack':
      return `move ${action.path} back to ${action.to ?? '?'}`;
  }
}

const CHANGE_WORDS: Record<PathPreview['change'], string> = {
  written_back: 'written back',
  removed: 'removed, kept in history',
  put_back: 'put back',
  moved_back: 'moved back',
};

function pathText(preview: PathPreview): string[] {
  const head = `${preview.path} (${CHANGE_WORDS[preview.change]}${preview.movedTo ? ` to ${preview.movedTo}` : ''})`;
  switch (preview.kind) {
    case 'text':
      return [`${head}:`, preview.diff.replace(/\n$/, '') || '  (the same text)'];
    case 'file': {
      const sizes = [
        preview.bytesNow === undefined
          ? 'nothing there now'
          : `${formatSize(preview.bytesNow)} now`,
        preview.bytesAfter === undefined
          ? 'nothing after the restore'
          : `${formatSize(preview.bytesAfter)} after the restore`,
      ];
      return [`${head}: a ${preview.fileType} file, ${sizes.join(', ')}`];
    }
    case 'folder':
      return [
        `${head}: a folder of ${preview.files.length}${preview.moreFiles ? ' and more' : ''} file(s)`,
        ...preview.files.map((file) => `  ${file}`),
        ...(preview.moreFiles ? ['  …'] : []),
      ];
    case 'link':
      return [
        `${head}: a link${preview.targetNow ? ` to ${preview.targetNow} now` : ''}${preview.targetAfter ? `${preview.targetNow ? ',' : ''} to ${preview.targetAfter} after the restore` : ''}`,
      ];
    case 'nothing':
      return [`${head}: nothing is there now, and nothing comes back`];
  }
}

/** What a restore did, and how to undo it. */
export function restoredText(done: RestoreDone): string {
  const lines = [
    `Restored the state from before change ${done.restored.id} (${done.restored.summary}).`,
  ];
  if (done.forced)
    lines.push('What was there is kept in history: undoing this restore brings it back.');
  const again = done.auditSeq ?? done.restore.id;
  lines.push(
    `This restore is change ${done.restore.id}${done.auditSeq ? `, activity record ${done.auditSeq}` : ''}. To undo it: airlock restore ${again}`,
  );
  if (done.recordProblem)
    lines.push(
      `Note: the restore was made, but its activity record could not be written: ${done.recordProblem}`,
    );
  return lines.join('\n');
}

/**
 * A refusal in the command line's words: the service's message, what changed since, and
 * what the person can do here (a flag to add).
 */
export function refusalText(refusal: RestoreRefusal): string {
  if (refusal.forceable) {
    return [
      'Nothing was restored, because things changed since the change:',
      ...refusal.conflicts.map((conflict) => `  - ${conflict}`),
      'Run again with --force to restore anyway: what is there now is kept in history first, so nothing is lost.',
    ].join('\n');
  }
  const lines = [refusal.message];
  if (refusal.code === 'workspace_not_granted')
    lines.push(
      'If the folder is still there, name it with --workspace DIR to restore into it from the command line.',
    );
  return lines.join('\n');
}
