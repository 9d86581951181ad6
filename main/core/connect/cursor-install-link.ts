import type { ConfigEdit } from './config-edit.ts';
import { ENTRY_NAME } from './clients/mcp-client.ts';

const PREFIX = 'cursor://anysphere.cursor-deeplink/mcp/install';

/**
 * Cursor's one-click install link (cursor.com/docs/mcp/install-links): the server's name,
 * and its mcp.json entry as base64 of its JSON. The base64 is percent-encoded too: a bare
 * "+" in a query string is read back as a space by URLSearchParams.
 */
export function cursorInstallLink(entry: unknown, name: string = ENTRY_NAME): string {
  const config = Buffer.from(JSON.stringify(entry), 'utf8').toString('base64');
  return `${PREFIX}?name=${encodeURIComponent(name)}&config=${encodeURIComponent(config)}`;
}

/**
 * Whether the link may be offered on this system. It carries the key (Cursor's links take
 * the entry as it is, with no prompt for a secret), and on Linux the system passes it to
 * xdg-open and then to Cursor on their command lines, which every user of the computer can
 * read (/proc/<pid>/cmdline). There, Connect is the way: it writes Cursor's settings file,
 * which only the person can read. macOS hands the link to Cursor as an Apple event, not on
 * a command line; Windows shows a program's command line only to its own user and to
 * administrators.
 */
export function cursorInstallLinkOffered(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

/** The entry a link carries, as Cursor reads it back; undefined when it is not one of ours. */
export function entryOfCursorInstallLink(
  link: string,
): { name: string; entry: unknown } | undefined {
  if (!link.startsWith(`${PREFIX}?`)) return undefined;
  const query = new URLSearchParams(link.slice(PREFIX.length + 1));
  const name = query.get('name');
  const config = query.get('config');
  if (name === null || config === null) return undefined;
  return { name, entry: JSON.parse(Buffer.from(config, 'base64').toString('utf8')) as unknown };
}

/** The value of our entry among a client's edits: what a link or a snippet shows. */
export function airlockEntryOf(edits: readonly ConfigEdit[]): unknown {
  const edit = edits.find((candidate) => candidate.kind === 'member' && candidate.value);
  return edit?.value;
}
