/**
 * Segment-aware path prefixes: `/ws` covers `/ws` and `/ws/a`, never `/ws_evil` or
 * `/ws.old`. A Windows-style prefix (`C:\…`, `\\server\…`) treats both `\` and `/` as
 * separators; a POSIX prefix only `/`, since `\` is an ordinary file-name character there.
 * Comparison is exact (case-sensitive): the log holds real paths as the policy resolved them.
 */
export interface PathPrefix {
  /** The prefix without trailing separators (kept whole for a root such as `/` or `C:\`). */
  readonly text: string;
  readonly windows: boolean;
  /** True when `text` itself ends in a separator (a root), so any continuation is inside. */
  readonly isRoot: boolean;
}

const WINDOWS_PATH = /^(?:[A-Za-z]:[\\/]|\\\\)/;

export function parsePathPrefix(prefix: string): PathPrefix {
  const windows = WINDOWS_PATH.test(prefix);
  const separators = windows ? /[\\/]+$/ : /\/+$/;
  let text = prefix.replace(separators, '');
  let isRoot = false;
  if (text === '' || (windows && /^[A-Za-z]:$/.test(text))) {
    // "/" or "C:\": keep the separator; everything below the root is inside.
    text = windows ? `${text}${prefix.charAt(text.length)}` : '/';
    isRoot = true;
  }
  return { text, windows, isRoot };
}

export function isUnder(path: string, prefix: PathPrefix): boolean {
  if (!path.startsWith(prefix.text)) return false;
  if (path.length === prefix.text.length || prefix.isRoot) return true;
  const next = path.charCodeAt(prefix.text.length);
  return next === 0x2f /* / */ || (prefix.windows && next === 0x5c); /* \ */
}
