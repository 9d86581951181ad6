import path from 'node:path';
import type { ChangeAction, ChangePreview } from '../../../preload/contract/approval-views.ts';
import { SNIFF_BYTES } from '../fs/text-detect.ts';
import { boundedDiff, MAX_DIFF_BYTES } from '../history/text-preview.ts';
import type { Limits } from '../policy/limits.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import type { MaskOptions } from '../secrets/mask-options.ts';
import { lookAtCurrent, type CurrentItem } from './preview-current.ts';
import { cutToFit, firstLinesOf, mediaTypeOf, shownText } from './preview-text.ts';

export interface PreviewInput {
  readonly action: ChangeAction;
  /**
   * The item changed, as the policy resolved it: for a move its source and for a delete
   * the item, both resolved as the link itself.
   */
  readonly target: ResolvedPath;
  /** write_file and edit_file: the complete new content. */
  readonly content?: Uint8Array;
  /**
   * How the agent's view of the file masks its secrets. The preview is shown to the person,
   * not the agent, and still masks them alike: the window is no place for a secret (it may
   * be on a shared screen), and the person judges the change by the same text the agent saw.
   */
  readonly mask?: MaskOptions;
}

/** What the person is shown, and whether "You can undo this later" is true of it. */
export interface BuiltPreview {
  readonly preview: ChangePreview;
  readonly undoable: boolean;
}

const NOTHING: ChangePreview = { kind: 'nothing' };

/**
 * What the person sees of a change before it happens: for text, the lines that change; for
 * a new text file, its first lines; for a folder, how much is in it; for anything else, its
 * type and sizes. Reads only through the verified opens, never shows a secret's content, and
 * never throws for something the change itself would survive: what cannot be read is
 * described by its sizes, or not at all. `maxFileBytes` is history's cap per file: what a
 * change replaces is kept, so it can be undone, when it is no larger.
 */
export async function buildChangePreview(
  input: PreviewInput,
  policy: PathPolicy,
  limits: Limits,
  maxFileBytes: number,
): Promise<BuiltPreview> {
  const { action, target } = input;
  const look = (content: boolean) =>
    lookAtCurrent(policy, target, { content, maxEntries: limits.maxEntries });
  switch (action) {
    case 'create-folder':
      return { preview: NOTHING, undoable: true };
    case 'create':
      return {
        preview: newFilePreview(policy, target, contentOf(input), input.mask),
        undoable: true,
      };
    case 'replace':
    case 'edit': {
      const after = contentOf(input);
      const afterText =
        after.length <= MAX_DIFF_BYTES ? shownText(policy, target, after, input.mask) : undefined;
      const now = await look(afterText !== undefined);
      return replacementPreview(policy, target, now, after, afterText, maxFileBytes, input.mask);
    }
    case 'delete':
    case 'move':
    case 'undo':
      return itemPreview(action, target, await look(false), maxFileBytes);
  }
}

/** A new file: its first lines when it is text the person may see, else its type and size. */
function newFilePreview(
  policy: PathPolicy,
  target: ResolvedPath,
  after: Uint8Array,
  mask: MaskOptions | undefined,
): ChangePreview {
  const text = shownText(policy, target, after, mask);
  if (text === undefined) return sizesOf(target, undefined, after);
  return { kind: 'first-lines', ...firstLinesOf(text), afterBytes: after.length };
}

/** write_file over a file, or edit_file: the diff when both sides are text the person may see. */
function replacementPreview(
  policy: PathPolicy,
  target: ResolvedPath,
  now: CurrentItem,
  after: Uint8Array,
  afterText: string | undefined,
  maxFileBytes: number,
  mask: MaskOptions | undefined,
): BuiltPreview {
  // Gone since the policy found it: the change makes it anew.
  if (now.kind === 'absent')
    return { preview: newFilePreview(policy, target, after, mask), undoable: true };
  if (now.kind !== 'file') return { preview: sizesOf(target, undefined, after), undoable: false };
  const undoable = now.size <= maxFileBytes;
  const beforeText = now.content && shownText(policy, target, now.content, mask);
  const diff =
    beforeText !== undefined && afterText !== undefined
      ? boundedDiff(path.basename(target.real), beforeText, afterText)
      : undefined;
  if (diff === undefined) return { preview: sizesOf(target, now, after), undoable };
  const shown = cutToFit(diff);
  return {
    preview: {
      kind: 'diff',
      diff: shown.text,
      truncated: shown.truncated,
      beforeBytes: now.size,
      afterBytes: after.length,
    },
    undoable,
  };
}

/** A delete, a move, or an undo: what is there now, which the change takes away or replaces. */
function itemPreview(
  action: 'delete' | 'move' | 'undo',
  target: ResolvedPath,
  now: CurrentItem,
  maxFileBytes: number,
): BuiltPreview {
  // A move keeps no content: undoing it moves the item back, however large.
  const kept = (bytes: number) => action === 'move' || bytes <= maxFileBytes;
  switch (now.kind) {
    case 'absent':
      // An undo that finds nothing there replaces nothing; a delete or a move will fail.
      return { preview: NOTHING, undoable: action === 'undo' };
    case 'unreadable':
      return { preview: { kind: 'sizes', mediaType: UNKNOWN_TYPE }, undoable: false };
    case 'link':
      return { preview: { kind: 'sizes', mediaType: LINK_TYPE }, undoable: true };
    case 'special':
      return { preview: { kind: 'sizes', mediaType: UNKNOWN_TYPE }, undoable: true };
    case 'file':
      return { preview: sizesOf(target, now, undefined), undoable: kept(now.size) };
    case 'folder': {
      const { count } = now;
      return {
        preview: { kind: 'folder', ...count, sample: [...count.sample] },
        undoable: !count.atLeast && kept(count.bytes),
      };
    }
  }
}

const UNKNOWN_TYPE = 'application/octet-stream';
/** The type the file system's own conventions give a symbolic link. */
const LINK_TYPE = 'inode/symlink';

/**
 * Type and sizes of a file before and after. The type is the new content's when there is
 * one; what is there now may not be looked at (unreadable), and then has no size here.
 */
function sizesOf(
  target: ResolvedPath,
  now: CurrentItem | undefined,
  after: Uint8Array | undefined,
): ChangePreview {
  const before = now?.kind === 'file' ? now : undefined;
  const head = after?.subarray(0, SNIFF_BYTES) ?? before?.head;
  return {
    kind: 'sizes',
    mediaType: head ? mediaTypeOf(head, target.real) : UNKNOWN_TYPE,
    ...(before ? { beforeBytes: before.size } : {}),
    ...(after ? { afterBytes: after.length } : {}),
  };
}

function contentOf(input: PreviewInput): Uint8Array {
  if (input.content === undefined)
    throw new TypeError(`A preview of "${input.action}" needs the change's new content.`);
  return input.content;
}
