import {
  mergeSecretRanges,
  type RankedSecretRange,
  type SecretKind,
  type SecretSpan,
} from '../audit/secret-patterns.ts';
import { findFileSecrets, type SecretDetection } from './find-file-secrets.ts';
import { HIDDEN_KIND_LABELS } from './hidden-kinds.ts';
import { rankOf } from './line-rules.ts';
import type { MaskOptions, SecretScope } from './mask-options.ts';
import { originalRangeOf, withinOnePlaceholder } from './masked-positions.ts';
import { placeholderFor } from './placeholder.ts';
import type { TextRange } from './text-range.ts';

/** One secret of a file, as the masked view shows it. Never its value. */
export interface HiddenSecret {
  readonly kind: SecretKind;
  /** How the placeholder names the kind: "AWS secret key". */
  readonly label: string;
  /** Its number among the file's secrets of this kind, from 1, in order of position. */
  readonly ordinal: number;
  readonly placeholder: string;
  /** Where the secret is in the file's text. */
  readonly original: TextRange;
  /** Where its placeholder is in the masked text. */
  readonly masked: TextRange;
}

/** A file's text as an agent may see it: each secret replaced by its placeholder. */
export interface MaskedView {
  readonly text: string;
  /** In order of position; empty when the file holds no secret. */
  readonly hidden: readonly HiddenSecret[];
}

/**
 * How many times masking looks again beside its placeholders. Keys written back to back show
 * one more per look (each hid the start of the next), so a text made of thousands of them
 * would otherwise be scanned thousands of times; real files never chain more than a few.
 */
const MAX_LOOKS = 8;

/**
 * `text`, the content of `file`, with each secret replaced by its placeholder (see
 * placeholder.ts). Masking is idempotent: a placeholder is never found as a secret, and a
 * secret that only shows once its neighbour is masked (two keys written back to back, where
 * the first hid the start of the second) is hidden too, so masking the masked text finds
 * nothing more. (Past a chain of MAX_LOOKS such keys, the rest stay as the first scan saw
 * them.)
 */
export function maskFileText(text: string, file: SecretScope, options: MaskOptions): MaskedView {
  const detection: SecretDetection = { entropy: options.entropy ?? false };
  let spans = findFileSecrets(text, detection);
  for (let look = 1; ; look++) {
    const view = replaceSpans(text, spans, file, options);
    if (look > MAX_LOOKS) return view;
    const more = secretsBesidePlaceholders(view, detection);
    if (more.length === 0) return view;
    const ranked = spans.map((span) => ({ ...span, rank: rankOf(span.kind) }));
    const grown = mergeSecretRanges([...ranked, ...more]);
    // Each look hides more of the text, or is the last.
    if (hiddenLength(grown) <= hiddenLength(spans)) return view;
    spans = grown;
  }
}

function hiddenLength(spans: readonly SecretSpan[]): number {
  return spans.reduce((sum, { start, end }) => sum + end - start, 0);
}

function replaceSpans(
  text: string,
  spans: readonly SecretSpan[],
  file: SecretScope,
  options: MaskOptions,
): MaskedView {
  if (spans.length === 0) return { text, hidden: [] };
  const ordinals = new Map<SecretKind, number>();
  const parts: string[] = [];
  const hidden: HiddenSecret[] = [];
  let copied = 0;
  let maskedLength = 0;
  for (const { start, end, kind } of spans) {
    const ordinal = (ordinals.get(kind) ?? 0) + 1;
    ordinals.set(kind, ordinal);
    const placeholder = placeholderFor(options.key, file, kind, ordinal, text.slice(start, end));
    const before = text.slice(copied, start);
    parts.push(before, placeholder);
    maskedLength += before.length;
    hidden.push({
      kind,
      label: HIDDEN_KIND_LABELS[kind],
      ordinal,
      placeholder,
      original: { start, end },
      masked: { start: maskedLength, end: maskedLength + placeholder.length },
    });
    maskedLength += placeholder.length;
    copied = end;
  }
  parts.push(text.slice(copied));
  return { text: parts.join(''), hidden };
}

/**
 * Secrets that the masked text shows outside its placeholders, as ranges of the file's text.
 * Every rule but the key blocks' reads one line, so only lines holding a placeholder can
 * differ from the file's own lines; a key block never starts to match because of a
 * placeholder, which is no key material.
 */
function secretsBesidePlaceholders(
  view: MaskedView,
  detection: SecretDetection,
): RankedSecretRange[] {
  const more: RankedSecretRange[] = [];
  let lineEnd = -1;
  for (const { masked } of view.hidden) {
    if (masked.start < lineEnd) continue;
    const lineStart = view.text.lastIndexOf('\n', masked.start) + 1;
    const newline = view.text.indexOf('\n', masked.end);
    lineEnd = newline === -1 ? view.text.length : newline;
    const line = view.text.slice(lineStart, lineEnd);
    for (const found of findFileSecrets(line, detection)) {
      const start = lineStart + found.start;
      const end = lineStart + found.end;
      if (withinOnePlaceholder(view, start, end)) continue;
      more.push({
        ...originalRangeOf(view, start, end),
        kind: found.kind,
        rank: rankOf(found.kind),
      });
    }
  }
  return more;
}
