import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { readDirectoryInside, type DirectoryEntry } from '../fs/directory-reader.ts';
import { formatBytes } from '../fs/read-text.ts';
import { openFolderInside } from '../fs/open-folder-inside.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import {
  airlockStateNote,
  hiddenAirlockStateField,
  page,
  pagingArguments,
  pathArgument,
  readOnlyAnnotations,
  truncationNote,
} from './common-schemas.ts';
import { defineTool } from './tool-kit.ts';

/**
 * A listing's structured answer carries the listing as text, the official server's
 * `content`, plus where it stands in the paging. Not an array of entry objects: for a
 * folder of 200 entries, building, checking, sending and parsing those objects cost about
 * 80 µs a call, a third of the whole call (BENCHMARKS.md), for what the text already says.
 */
const listingOutput = z.object({
  path: z.string().describe('The real path of the folder listed.'),
  content: z
    .string()
    .describe(
      'One line per entry: [FILE], [DIR] or [OTHER], then the name; protected files are marked.',
    ),
  total: z.number().describe('How many entries the folder has in all, across every page.'),
  truncated: z.boolean().describe('Whether more entries follow this page.'),
  nextOffset: z.number().optional().describe('The offset that asks for the next page.'),
  hiddenLinks: z
    .number()
    .describe('Links in the folder that lead outside the shared folders: counted, not named.'),
  hiddenAirlockState: hiddenAirlockStateField,
});

async function listInside(policy: PathPolicy, raw: string) {
  // Opening the folder tells a file apart (ENOTDIR): no separate stat needed.
  const { folder, opened } = await openFolderInside(policy, raw, policy.fileAccess);
  return { folder, listing: await readDirectoryInside(policy, folder, opened) };
}

function label(entry: DirectoryEntry): string {
  const tag = entry.kind === 'directory' ? '[DIR]' : entry.kind === 'file' ? '[FILE]' : '[OTHER]';
  return `${tag} ${entry.name}${entry.guarded ? ' (protected: Airlock keeps its content private)' : ''}`;
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
    'List the files and folders directly inside a folder. Entries are marked [FILE] or [DIR]; protected files (secrets, keys) are marked and cannot be opened.',
  inputSchema: z.object({ path: pathArgument, ...pagingArguments }),
  outputSchema: listingOutput,
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
      data: {
        path: folder.real,
        content: text,
        total: paged.total,
        truncated: paged.truncated,
        nextOffset: paged.nextOffset,
        hiddenLinks: listing.hiddenLinks,
        hiddenAirlockState: listing.hiddenAirlockState || undefined,
      },
    };
  },
});

export const listDirectoryWithSizes = defineTool({
  name: 'list_directory_with_sizes',
  title: 'List directory with sizes',
  description:
    'List the files and folders directly inside a folder, with file sizes and a summary. Protected files are listed without a size.',
  inputSchema: z.object({
    path: pathArgument,
    sortBy: z
      .enum(['name', 'size'])
      .optional()
      .describe('Sort by name (default) or by size, largest first.'),
    ...pagingArguments,
  }),
  outputSchema: listingOutput.extend({
    content: z
      .string()
      .describe(
        'One line per entry: [FILE], [DIR] or [OTHER], the name and, for a file, its size; then the totals.',
      ),
    totalFiles: z.number(),
    totalDirectories: z.number(),
    totalBytes: z.number(),
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
    const lines = paged.slice.map(({ entry, size }) =>
      size === undefined
        ? label(entry)
        : `${label(entry).padEnd(40)} ${formatBytes(size).padStart(10)}`,
    );
    const summary = `\nTotal: ${totalFiles} files, ${totalDirectories} directories\nCombined size: ${formatBytes(totalBytes)}`;
    const text =
      (lines.join('\n') || '(empty folder)') +
      truncationNote(paged.remaining, paged.nextOffset) +
      hiddenNote(listing.hiddenLinks) +
      airlockStateNote(listing.hiddenAirlockState) +
      summary;
    return {
      text,
      data: {
        path: folder.real,
        content: text,
        total: paged.total,
        truncated: paged.truncated,
        nextOffset: paged.nextOffset,
        hiddenLinks: listing.hiddenLinks,
        hiddenAirlockState: listing.hiddenAirlockState || undefined,
        totalFiles,
        totalDirectories,
        totalBytes,
      },
    };
  },
});
