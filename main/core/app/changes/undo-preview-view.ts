import type {
  ChangedPath,
  DiffLine,
  PathPreview as PathPreviewView,
  UndoEffect,
  UndoPreview,
} from '../../../../preload/contract/change-views.ts';
import type { PathChange, PathPreview, RestorePreview } from '../../history/restore-service.ts';
import { changedPath, changeViewOf } from './change-view.ts';

/** At most this many lines of a diff cross to the window; the rest is said to be cut. */
export const DIFF_LINES_SHOWN = 2000;

const EFFECTS: Record<PathChange, UndoEffect> = {
  written_back: 'restore',
  removed: 'remove',
  put_back: 'bring_back',
  moved_back: 'move_back',
};

/** The restore service's preview, as the window shows it before the person says yes. */
export function undoPreviewOf(preview: RestorePreview): UndoPreview {
  return {
    change: changeViewOf(preview.change),
    conflicts: [...preview.conflicts],
    paths: preview.paths.map((path) => pathPreviewOf(path, preview)),
  };
}

function pathPreviewOf(path: PathPreview, preview: RestorePreview): PathPreviewView {
  const base = {
    path: { workspace: path.workspace, path: path.path },
    effect: EFFECTS[path.change],
    ...(path.change === 'moved_back' ? { to: movedBackTo(path, preview) } : {}),
  };
  switch (path.kind) {
    case 'text':
      return { kind: 'text', ...base, ...diffLinesOf(path.diff) };
    case 'file':
      return {
        kind: 'file',
        ...base,
        type: fileTypeWords(path.fileType),
        sizeNow: path.bytesNow ?? null,
        sizeAfter: path.bytesAfter ?? null,
      };
    case 'folder':
      return { kind: 'folder', ...base, files: [...path.files], more: path.moreFiles };
    case 'link':
    case 'nothing':
      return { kind: 'other', ...base };
  }
}

/**
 * Where a move goes back to: the place it was moved from, as the change recorded it (the
 * preview names it relative to a workspace it does not name, which a move between two
 * workspaces needs).
 */
function movedBackTo(path: PathPreview, preview: RestorePreview): ChangedPath | undefined {
  for (const step of preview.change.record.steps) {
    if (step.kind === 'moved' && step.to.root === path.workspace && step.to.path === path.path)
      return changedPath(step.from);
  }
  return path.movedTo ? { workspace: path.workspace, path: path.movedTo } : undefined;
}

/**
 * A unified diff (from what is there now to what the undo leaves) as lines: those that stay,
 * go or come back, with the unchanged stretches between hunks counted, not shown.
 */
export function diffLinesOf(diff: string): { lines: DiffLine[]; cut: boolean } {
  const lines: DiffLine[] = [];
  let consumed = 0;
  for (const line of diff.split('\n')) {
    if (lines.length >= DIFF_LINES_SHOWN) return { lines, cut: true };
    const hunk = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/.exec(line);
    if (hunk) {
      const count = Number(hunk[2] ?? '1');
      const start = count === 0 ? Number(hunk[1]) : Number(hunk[1]) - 1;
      if (start > consumed) lines.push({ op: 'skipped', count: start - consumed });
      consumed = start;
      continue;
    }
    if (line.startsWith('--- ') || line.startsWith('+++ ') || line.startsWith('\\')) continue;
    const text = line.slice(1);
    if (line.startsWith(' ')) {
      lines.push({ op: 'same', text });
      consumed += 1;
    } else if (line.startsWith('-')) {
      lines.push({ op: 'removed', text });
      consumed += 1;
    } else if (line.startsWith('+')) lines.push({ op: 'added', text });
  }
  return { lines, cut: false };
}

const MEDIA_WORDS: Record<string, string> = {
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'image/gif': 'GIF image',
  'image/webp': 'WebP image',
  'image/bmp': 'BMP image',
  'image/svg+xml': 'SVG image',
  'image/x-icon': 'icon',
  'image/avif': 'AVIF image',
  'image/heic': 'HEIC photo',
  'audio/mpeg': 'MP3 audio',
  'audio/wav': 'WAV audio',
  'audio/ogg': 'Ogg audio',
  'audio/flac': 'FLAC audio',
  'audio/mp4': 'M4A audio',
  'audio/aac': 'AAC audio',
  'audio/opus': 'Opus audio',
  'application/pdf': 'PDF document',
  text: 'text file, too long to compare line by line',
  binary: 'file that is not text',
};

/** A file's type as people say it: "PNG image" for image/png. */
export function fileTypeWords(fileType: string): string {
  const known = MEDIA_WORDS[fileType];
  if (known) return known;
  const [family, subtype] = fileType.split('/');
  if (!subtype) return 'file';
  const name = subtype.replace(/^x-/, '').split('+')[0]?.toUpperCase() ?? '';
  const noun = family === 'image' || family === 'audio' || family === 'video' ? family : 'file';
  return `${name} ${noun}`;
}
