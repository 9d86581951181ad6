import { PEM_BEGIN, PEM_END } from '../audit/secret-patterns.ts';
import { readTextInside, type LineWindow } from '../fs/read-text.ts';
import type { ResolvedPath } from '../policy/path-policy.ts';
import { isPolicyError } from '../policy/policy-error.ts';
import { readMasking } from '../secrets/file-masking.ts';
import { countHidden, type HiddenCounts } from '../secrets/hidden-summary.ts';
import { maskFileText, type MaskedView } from '../secrets/mask-file-text.ts';
import { maskedLineWindow } from '../secrets/masked-lines.ts';
import type { ToolContext } from './tool-kit.ts';

/** What an agent reads of a text file: its secrets masked where its folder masks them. */
export interface MaskedRead {
  readonly text: string;
  readonly fileBytes: number;
  /** The values hidden in `text`; none when nothing was, or the file is not masked. */
  readonly hidden: HiddenCounts;
}

const NONE: HiddenCounts = { total: 0, byKind: [] };

/**
 * A text file, or a line window of it, as read_text_file and read_multiple_files answer it.
 * A masked file is read whole within the read limit and masked whole, then the window is
 * cut from its masked view: a secret's number and placeholder are those of the whole file,
 * and line numbers are the masked view's, as search_content and edit_file count them.
 * A file larger than the read limit: see maskedWindowOfLargeFile.
 */
export async function readMaskedText(
  context: Pick<ToolContext, 'policy' | 'limits' | 'secrets'>,
  resolved: ResolvedPath,
  window: LineWindow,
): Promise<MaskedRead> {
  const { policy, limits } = context;
  const masking = readMasking(context.secrets, resolved);
  if (!masking) {
    const read = await readTextInside(policy.guard, resolved, limits, window, policy.fileAccess);
    return { ...read, hidden: NONE };
  }
  const read = (part: LineWindow) =>
    readTextInside(policy.guard, resolved, limits, part, policy.fileAccess);
  const mask = (text: string) => maskFileText(text, { realPath: resolved.real }, masking);
  try {
    const whole = await read({ kind: 'whole' });
    const view = maskedLineWindow(mask(whole.text), window);
    return { text: view.text, fileBytes: whole.fileBytes, hidden: countHidden(view) };
  } catch (error) {
    if (!isPolicyError(error) || error.code !== 'too_large' || window.kind === 'whole') throw error;
  }
  return maskedWindowOfLargeFile(read, mask, window);
}

/**
 * A line window of a file larger than the read limit, which cannot be masked whole. Head and
 * ranges mask the file's first lines through the window's end, as a file cut short there
 * (so secrets, their numbers and the masked lines before the cut are the whole file's, and a
 * key block cut by the end is hidden up to the cut); that prefix must fit the read limit.
 * A tail is masked on its own, read further back while it starts inside a key block (a
 * footer without its header), so key material is never shown without its header. Their
 * placeholders may not match the whole file's, so a write refuses them: such a file cannot
 * be edited whole anyway.
 */
async function maskedWindowOfLargeFile(
  read: (part: LineWindow) => Promise<{ text: string; fileBytes: number }>,
  mask: (text: string) => MaskedView,
  window: Exclude<LineWindow, { kind: 'whole' }>,
): Promise<MaskedRead> {
  if (window.kind === 'tail') {
    for (let lines = window.lines; ; lines = lines * 2 + 64) {
      const part = await read({ kind: 'tail', lines });
      const reachedStart = newlines(part.text) < lines - 1;
      if (!reachedStart && startsInsideKeyBlock(part.text)) continue;
      const view = maskedLineWindow(mask(part.text), window);
      return { text: view.text, fileBytes: part.fileBytes, hidden: countHidden(view) };
    }
  }
  const wanted = window.kind === 'head' ? window.lines : window.offset + window.length;
  for (let take = wanted; ;) {
    const part = await read({ kind: 'range', offset: 0, length: take });
    const view = mask(part.text);
    const shown = newlines(view.text);
    // Enough masked lines (a key block makes many lines one), or the file's end.
    if (shown >= wanted || newlines(part.text) < take) {
      const cut = maskedLineWindow(view, window);
      return { text: cut.text, fileBytes: part.fileBytes, hidden: countHidden(cut) };
    }
    take += wanted - shown;
  }
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** Whether `text` holds a private key's footer before (or without) any header. */
function startsInsideKeyBlock(text: string): boolean {
  const footer = text.search(new RegExp(PEM_END.source));
  if (footer === -1) return false;
  const header = text.search(new RegExp(PEM_BEGIN.source));
  return header === -1 || header > footer;
}
