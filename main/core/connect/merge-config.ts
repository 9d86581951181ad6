import { isDeepStrictEqual } from 'node:util';
import { applyEditToValue, type ConfigEdit } from './config-edit.ts';
import { ConnectError } from './connect-error.ts';
import { jsoncValue, parseJsoncTree } from './jsonc-tree.ts';
import { detectStyle, spliceEdit } from './splice-edit.ts';

const BOM = '\uFEFF';

export interface MergedConfig {
  readonly text: string;
  readonly changed: boolean;
}

/**
 * A client's config text with our edits made and nothing else touched: other servers,
 * unknown keys, comments, trailing commas, a BOM and CRLF line endings all stay. The
 * result is checked by parsing it: it must mean exactly the old file plus our edits.
 */
export function mergeConfigText(before: string, edits: readonly ConfigEdit[]): MergedConfig {
  const bom = before.startsWith(BOM) ? BOM : '';
  const body = before.slice(bom.length);
  const style = detectStyle(body);
  let text = body;
  for (const edit of edits) text = spliceEdit(text, edit, style);
  if (text === body) return { text: before, changed: false };
  const after = bom + text;
  checkMeaning(before, after, edits);
  return { text: after, changed: true };
}

/** The parsed value of a config file's text; an empty file means an empty object. */
export function configValue(text: string): Record<string, unknown> {
  const body = text.startsWith(BOM) ? text.slice(1) : text;
  if (body.trim() === '') return {};
  const value = jsoncValue(body, parseJsoncTree(body));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConnectError('unusual_config', 'The config file is not a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** Throws unless `after` means `before` with the edits applied, and nothing else. */
export function checkMeaning(before: string, after: string, edits: readonly ConfigEdit[]): void {
  const expected = configValue(before);
  for (const edit of edits) applyEditToValue(expected, edit);
  let actual: unknown;
  try {
    actual = configValue(after);
  } catch (error) {
    throw verifyFailed(error);
  }
  if (!isDeepStrictEqual(actual, expected)) throw verifyFailed(undefined);
}

function verifyFailed(cause: unknown): ConnectError {
  return new ConnectError(
    'verify_failed',
    'Airlock could not edit the config file without changing something else, so it left the file alone. Add the entry by hand (see "airlock connect snippet").',
    { cause },
  );
}
