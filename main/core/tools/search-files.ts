import { lstat } from 'node:fs/promises';
import { z } from 'zod';
import { PolicyError } from '../policy/policy-error.ts';
import type { PathPolicy, ResolvedPath } from '../policy/path-policy.ts';
import {
  airlockStateNote,
  page,
  pagingArguments,
  pathArgument,
  readOnlyAnnotations,
  truncationNote,
} from './common-schemas.ts';
import { entryName } from './entry-names.ts';
import { compileGlob, compileGlobs, globOptionsFor } from './glob.ts';
import { defineTool } from './tool-kit.ts';
import { walkTree } from './walk-tree.ts';

/**
 * How deep a search goes. Searches are not capped by the tree tool's display depth, since
 * real projects nest deeper than anyone wants to see drawn; the walk never follows links,
 * so this only guards against absurdly deep folders.
 */
export const SEARCH_MAX_DEPTH = 64;

/** Globs as the search's own pattern reads them; a folder left out takes its contents along. */
export const excludePatternsArgument = z.array(z.string().min(1).max(1024)).max(100).optional();

export const searchFiles = defineTool({
  name: 'search_files',
  title: 'Search files',
  description:
    'Find files and folders below a folder by glob. Without "/", a pattern matches names at any depth ("*.md"); with "/", paths below the folder ("src/**/*.ts"). Skips protected files and links.',
  inputSchema: z.object({
    path: pathArgument,
    pattern: z.string().min(1).max(1024),
    excludePatterns: excludePatternsArgument,
    ...pagingArguments,
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, pattern, excludePatterns, offset, limit }, { policy, limits, signal }) => {
    const root = await resolveFolder(policy, path, 'search_files');
    const options = globOptionsFor(policy.platform);
    const wanted = compileGlob(pattern, options);
    const exclude = compileGlobs(excludePatterns ?? [], options);
    const { sep } = policy.platform.path;
    // Paths relative to the folder searched, which the answer names once: the same full
    // paths, without repeating the folder on every line.
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
        // A link is reported where it was found, as every entry is: below the folder searched.
        if (wanted.matches(entry.relative, entry.kind === 'directory')) {
          found.push(entry.relative.map(entryName).join(sep));
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
    const body =
      paged.slice.length > 0
        ? `${searchedFolderLine(root.real)}\n${paged.slice.join('\n')}`
        : 'No matches found';
    return {
      text: body + truncationNote(paged.remaining, paged.nextOffset) + notes,
      data: { total: paged.total, nextOffset: paged.nextOffset },
    };
  },
});

/** A search's first line: the folder it names once, its matches' paths being relative to it. */
export function searchedFolderLine(real: string): string {
  return `In ${real}:`;
}

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
