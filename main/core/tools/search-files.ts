import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { PolicyError } from '../policy/policy-error.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import {
  airlockStateNote,
  hiddenAirlockStateField,
  page,
  pagingArguments,
  pathArgument,
  readOnlyAnnotations,
  truncationNote,
} from './common-schemas.ts';
import { compileGlob, compileGlobs, globOptionsFor } from './glob.ts';
import { defineTool } from './tool-kit.ts';
import { walkTree } from './walk-tree.ts';

/**
 * How deep a search goes. Searches are not capped by the tree tool's display depth, since
 * real projects nest deeper than anyone wants to see drawn; the walk never follows links,
 * so this only guards against absurdly deep folders.
 */
export const SEARCH_MAX_DEPTH = 64;

export const excludePatternsArgument = z
  .array(z.string().min(1).max(1024))
  .max(100)
  .optional()
  .describe(
    'Globs to leave out, together with everything inside matching folders. A pattern without a slash matches a name at any depth ("node_modules", "*.log"); one with a slash matches the path below the searched folder ("build/**").',
  );

export const searchFiles = defineTool({
  name: 'search_files',
  title: 'Search files',
  description:
    'Recursively find files and folders whose names match a glob pattern. A pattern without a slash matches names at any depth ("*.md", "report-??.pdf", "*.{ts,tsx}"); a pattern with a slash matches the path below the searched folder ("docs/**/*.md", "src/*/index.ts"). Returns full paths, shallowest first, with paging. Protected files and links leading outside the allowed directories are never returned, and links are never followed.',
  inputSchema: z.object({
    path: pathArgument.describe(
      'The folder to search in (absolute, or relative to the first allowed directory).',
    ),
    pattern: z.string().min(1).max(1024).describe('A glob such as "*.md" or "src/**/*.test.ts".'),
    excludePatterns: excludePatternsArgument,
    ...pagingArguments,
  }),
  outputSchema: z.object({
    matches: z.array(z.string()).describe('Full paths of matching files and folders.'),
    total: z.number(),
    truncated: z.boolean(),
    nextOffset: z.number().optional(),
    hiddenLinks: z
      .number()
      .describe('Links leading outside the allowed directories: skipped, not named.'),
    hiddenAirlockState: hiddenAirlockStateField,
    skippedFolders: z
      .number()
      .describe('Folders that vanished or could not be read during the search.'),
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, pattern, excludePatterns, offset, limit }, { policy, limits, signal }) => {
    const root = await resolveFolder(policy, path, 'search_files');
    const options = globOptionsFor(policy.platform);
    const wanted = compileGlob(pattern, options);
    const exclude = compileGlobs(excludePatterns ?? [], options);
    const found: string[] = [];
    let hiddenLinks = 0;
    let hiddenAirlockState = 0;
    let skippedFolders = 0;
    for await (const folder of walkTree(policy, root, {
      signal,
      maxDepth: SEARCH_MAX_DEPTH,
      exclude,
    })) {
      hiddenLinks += folder.hiddenLinks;
      hiddenAirlockState += folder.hiddenAirlockState;
      if (folder.unreadable) skippedFolders += 1;
      for (const entry of folder.entries) {
        if (entry.guarded) continue;
        if (wanted.matches(entry.relative, entry.kind === 'directory')) {
          // A link is reported where it was found; its target's real path would not carry the matched name.
          found.push(
            entry.isLink ? policy.platform.path.join(folder.real, entry.name) : entry.real,
          );
        }
      }
    }
    const paged = page(found, offset, limit, limits.maxEntries);
    const notes = [
      skippedFolders > 0
        ? `\n(${skippedFolders} folder(s) changed or could not be read during the search)`
        : '',
      hiddenLinks > 0
        ? `\n(${hiddenLinks} link(s) leading outside the allowed directories skipped)`
        : '',
      airlockStateNote(hiddenAirlockState),
    ].join('');
    return {
      text:
        (paged.slice.join('\n') || 'No matches found') +
        truncationNote(paged.remaining, paged.nextOffset) +
        notes,
      data: {
        matches: paged.slice,
        total: paged.total,
        truncated: paged.truncated,
        nextOffset: paged.nextOffset,
        hiddenLinks,
        hiddenAirlockState: hiddenAirlockState || undefined,
        skippedFolders,
      },
    };
  },
});

/** Resolves the folder a search or tree starts from; it must be a folder, not a file. */
export async function resolveFolder(
  policy: PathPolicy,
  raw: string,
  tool: string,
): Promise<ResolvedPath> {
  const folder = await policy.resolveExisting(raw);
  const stats = await lstat(folder.real);
  if (!stats.isDirectory()) {
    throw new PolicyError(
      'not_a_directory',
      `That path is a file; ${tool} needs a folder. Pass the folder that holds it.`,
    );
  }
  return folder;
}
