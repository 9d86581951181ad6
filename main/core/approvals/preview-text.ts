import path from 'node:path';
import { ChangePreviewSchema } from '../../../preload/contract/approval-views.ts';
import { detectMediaType } from '../fs/media-type.ts';
import { looksBinary } from '../fs/text-detect.ts';
import { asText } from '../history/text-preview.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import { maskFileText } from '../secrets/mask-file-text.ts';
import type { MaskOptions } from '../secrets/mask-options.ts';

/** The longest text the contract lets a preview carry; its first lines are held to it too. */
export const MAX_PREVIEW_TEXT = ChangePreviewSchema.options[0].shape.diff.maxLength ?? 0;

/** A new file shows this many of its lines at most. */
export const FIRST_LINES = 40;

/** Some text, cut to what a preview may carry. */
export interface ShownText {
  readonly text: string;
  /** Something was left out. */
  readonly truncated: boolean;
}

/**
 * The bytes as text the person may see, or undefined when they are not text or are a
 * secret: a guarded name, or a config file (.npmrc, ...) whose bytes carry a credential.
 * The window is no place for a token, whoever wrote it: with `mask` (the file's masking for
 * the agent), each secret inside the text shows as its placeholder.
 */
export function shownText(
  policy: PathPolicy,
  target: ResolvedPath,
  bytes: Uint8Array,
  mask?: MaskOptions,
): string | undefined {
  if (policy.isGuardedSegments(target.segments)) return undefined;
  const text = asText(bytes);
  if (text === undefined) return undefined;
  const judgedByContent = policy.guard.needsContentCheck(path.basename(target.real));
  if (judgedByContent && policy.guard.contentCarriesCredential(text)) return undefined;
  return mask ? maskFileText(text, { realPath: target.real }, mask).text : text;
}

/** The text cut to MAX_PREVIEW_TEXT, at the end of a line where one ends in time. */
export function cutToFit(text: string): ShownText {
  if (text.length <= MAX_PREVIEW_TEXT) return { text, truncated: false };
  const lastNewline = text.lastIndexOf('\n', MAX_PREVIEW_TEXT - 1);
  if (lastNewline >= 0) return { text: text.slice(0, lastNewline + 1), truncated: true };
  // One line longer than the whole budget: cut inside it, but never between a surrogate pair.
  const end = isHighSurrogate(text.charCodeAt(MAX_PREVIEW_TEXT - 1))
    ? MAX_PREVIEW_TEXT - 1
    : MAX_PREVIEW_TEXT;
  return { text: text.slice(0, end), truncated: true };
}

/** The first FIRST_LINES lines of the text, cut to fit. */
export function firstLinesOf(text: string): ShownText {
  let end = 0;
  for (let line = 0; line < FIRST_LINES && end < text.length; line += 1) {
    const newline = text.indexOf('\n', end);
    end = newline === -1 ? text.length : newline + 1;
  }
  const cut = cutToFit(text.slice(0, end));
  return { text: cut.text, truncated: cut.truncated || end < text.length };
}

/** What kind of file `head` (its first bytes) begins, in the media type the window shows. */
export function mediaTypeOf(head: Uint8Array, real: string): string {
  const media = detectMediaType(head, path.basename(real));
  if (media) return media;
  return looksBinary(head) ? 'application/octet-stream' : 'text/plain';
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
