import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CHANGE_RECORD_VERSION, isChangeId, type ChangeRecord } from './change-record.ts';
import { treeSize } from './keep-removed.ts';

/**
 * Deletions kept by the first form of history, which an older Airlock made: a folder
 * `history/<id>/` holding `entry.json` and the deleted item as `payload`. Nothing makes them
 * now; those left are listed and restored like any change, read as records of one `deleted`
 * step whose payload stays where it is.
 */
const LegacyEntrySchema = z.object({
  id: z.string(),
  action: z.literal('delete'),
  originalPath: z.string(),
  workspaceRoot: z.string(),
  kind: z.enum(['file', 'directory']),
  at: z.iso.datetime(),
});

/** The kept item of a legacy entry. */
export function legacyPayloadPath(historyRoot: string, id: string): string {
  return path.join(historyRoot, id, 'payload');
}

export async function readLegacyEntry(
  historyRoot: string,
  id: string,
): Promise<ChangeRecord | undefined> {
  if (!isChangeId(id)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path.join(historyRoot, id, 'entry.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const parsed = LegacyEntrySchema.safeParse(json);
  if (!parsed.success || parsed.data.id !== id) return undefined;
  const entry = parsed.data;
  const relative = path.relative(entry.workspaceRoot, entry.originalPath);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const payload = legacyPayloadPath(historyRoot, id);
  const kept = await lstat(payload).catch(() => undefined);
  const what =
    entry.kind === 'directory' ? 'folder' : kept?.isSymbolicLink() ? 'link' : ('file' as const);
  const { bytes } = kept ? await treeSize(payload, Number.POSITIVE_INFINITY) : { bytes: 0 };
  return {
    version: CHANGE_RECORD_VERSION,
    id,
    tool: 'delete_file',
    at: entry.at,
    order: Date.parse(entry.at) * 1000,
    workspaceRoot: entry.workspaceRoot,
    status: 'done',
    undoable: kept !== undefined,
    ...(kept ? {} : { reason: 'History no longer holds what this deletion removed.' }),
    owner: { pid: 0 },
    legacy: true,
    steps: [
      {
        kind: 'deleted',
        at: { root: entry.workspaceRoot, path: relative.split(path.sep).join('/') },
        what,
        payload: 'payload',
        bytes,
        after: { kind: 'absent' },
      },
    ],
  };
}

/** The ids of the legacy entries in the history folder. */
export async function listLegacyIds(historyRoot: string): Promise<string[]> {
  const ids: string[] = [];
  for (const entry of await readdir(historyRoot, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !isChangeId(entry.name)) continue;
    const manifest = await lstat(path.join(historyRoot, entry.name, 'entry.json')).catch(
      () => undefined,
    );
    if (manifest?.isFile()) ids.push(entry.name);
  }
  return ids;
}
