import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { readDirectoryInside, type DirectoryEntry } from '../fs/directory-reader.ts';
import { openFolderInside } from '../fs/open-folder-inside.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import {
  airlockStateNote,
  page,
  pagingArguments,
  pathArgument,
  readOnlyAnnotations,
  truncationNote,
} from './common-schemas.ts';
import { entryName } from './entry-names.ts';
import { defineTool } from './tool-kit.ts';

/**
 * A listing answers in lines of names, a folder's ending in "/", in place of the official
 * server's `[FILE]`/`[DIR]` tags: the same kinds for fewer tokens. Its structured content
 * is only where the paging stands; the entries are said once, in the text.
 */
async function listInside(policy: PathPolicy, raw: string) {
  // Opening the folder tells a file apart (ENOTDIR): no separate stat needed.
  const { folder, opened } = await openFolderInside(policy, raw, policy.fileAccess);
  return { folder, listing: await readDirectoryInside(policy, folder, opened) };
}

/** The entry's line: its name, "/" after a folder's, and what else it is. */
function label(entry: DirectoryEntry): string {
  const name = entryName(entry.name) + (entry.kind === 'directory' ? '/' : '');
  if (entry.guarded) return `${name} [protected]`;
  return entry.kind === 'other' ? `${name} [other]` : name;
}

function hiddenNote(count: number): string {
  return count > 0
    ? `\n(${count} link${count === 1 ? '' : 's'} leading outside the allowed directories not shown)`
    : '';
}

export const listDirectory = defineTool({
  name: 'list_directory',
  title: 'List directory',
  description:
    'Entries directly in a folder, one a line; folders end in "/". [protected]: secrets, never opened.',
  inputSchema: z.object({ path: pathArgument, ...pagingArguments }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, offset, limit }, { policy, limits }) => {
    const { folder, listing } = await listInside(policy, path);
    const paged = page(listing.entries, offset, limit, limits.maxEntries);
    const text =
      (paged.slice.map(label).join('\n') || '(empty folder)') +
      truncationNote(paged.remaining, paged.nextOffset) +
      hiddenNote(listing.hiddenLinks) +
      airlockStateNote(listing.hiddenAirlockState);
    return {
      text,
      data: { path: folder.real, total: paged.total, nextOffset: paged.nextOffset },
    };
  },
});

export const listDirectoryWithSizes = defineTool({
  name: 'list_directory_with_sizes',
  title: 'List directory with sizes',
  description:
    "Like list_directory, with each file's size in bytes and the totals. Protected files have no size.",
  inputSchema: z.object({
    path: pathArgument,
    sortBy: z.enum(['name', 'size']).optional().describe('name (default), or size: largest first.'),
    ...pagingArguments,
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, sortBy, offset, limit }, { policy, limits }) => {
    const { folder, listing } = await listInside(policy, path);
    const sized = await Promise.all(
      listing.entries.map(async (entry) => {
        if (entry.guarded || entry.kind !== 'file') return { entry, size: undefined };
        const stats = await lstat(entry.real).catch(() => undefined);
        return { entry, size: stats?.size };
      }),
    );
    if (sortBy === 'size') sized.sort((a, b) => (b.size ?? -1) - (a.size ?? -1));
    const paged = page(sized, offset, limit, limits.maxEntries);
    const totalFiles = sized.filter(({ entry }) => entry.kind === 'file').length;
    const totalDirectories = sized.filter(({ entry }) => entry.kind === 'directory').length;
    const totalBytes = sized.reduce((sum, { size }) => sum + (size ?? 0), 0);
    // Exact bytes: shorter than a rounded "1.2 KiB", and the official server's figures follow.
    const lines = paged.slice.map(({ entry, size }) =>
      size === undefined ? label(entry) : `${label(entry)} ${size}`,
    );
    const summary = `\nTotal: ${totalFiles} files, ${totalDirectories} directories, ${totalBytes} bytes`;
    const text =
      (lines.join('\n') || '(empty folder)') +
      truncationNote(paged.remaining, paged.nextOffset) +
      hiddenNote(listing.hiddenLinks) +
      airlockStateNote(listing.hiddenAirlockState) +
      summary;
    return {
      text,
      data: { path: folder.real, total: paged.total, nextOffset: paged.nextOffset },
    };
  },
});
