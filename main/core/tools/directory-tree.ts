import { z } from 'zod';
import { airlockStateNote, pathArgument, readOnlyAnnotations } from './common-schemas.ts';
import { entryName } from './entry-names.ts';
import { compileGlobs, globOptionsFor } from './glob.ts';
import { excludePatternsArgument, resolveFolder } from './search-files.ts';
import { defineTool } from './tool-kit.ts';
import { walkTree, type WalkedEntry } from './walk-tree.ts';

/**
 * One entry of the tree. The answer is an indented text tree, not the official server's
 * pretty-printed JSON: the same names and kinds (a folder ends in "/") and, from the
 * indentation, the same paths, for about a quarter of the tokens (BENCHMARKS.md, Tokens).
 */
interface TreeNode {
  readonly name: string;
  readonly folder: boolean;
  readonly guarded: boolean;
  readonly link: boolean;
  /** Entries of a folder the walk listed; undefined for one it did not open. */
  children?: TreeNode[];
  unreadable?: true;
  /** Entries of this folder left out by the entry limit. */
  more?: number;
}

export const directoryTree = defineTool({
  name: 'directory_tree',
  title: 'Directory tree',
  description:
    'Recursive tree of a folder as indented text; folders end in "/". A folder marked "…" was not opened (depth or entry limit): call directory_tree on it.',
  inputSchema: z.object({
    path: pathArgument,
    excludePatterns: excludePatternsArgument,
    maxDepth: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Levels to show; at most the depth limit.'),
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, excludePatterns, maxDepth }, { policy, limits, signal }) => {
    const root = await resolveFolder(policy, path, 'directory_tree');
    const exclude = compileGlobs(excludePatterns ?? [], globOptionsFor(policy.platform));
    const depth = Math.min(maxDepth ?? limits.maxTreeDepth, limits.maxTreeDepth);
    const top: TreeNode = { name: '', folder: true, guarded: false, link: false };
    const folders = new Map<string, TreeNode>([['', top]]);
    let shown = 0;
    let cut = false;
    let hiddenLinks = 0;
    let hiddenAirlockState = 0;
    walk: for await (const folder of walkTree(policy, root, { signal, maxDepth: depth, exclude })) {
      const node = folders.get(keyOf(folder.relative));
      if (!node) continue;
      const children: TreeNode[] = (node.children = []);
      hiddenLinks += folder.hiddenLinks;
      hiddenAirlockState += folder.hiddenAirlockState;
      if (folder.unreadable) node.unreadable = true;
      for (const [index, entry] of folder.entries.entries()) {
        if (shown >= limits.maxEntries) {
          cut = true;
          node.more = folder.entries.length - index;
          break walk;
        }
        const child = nodeFor(entry);
        children.push(child);
        shown += 1;
        if (entry.descends) folders.set(keyOf(entry.relative), child);
      }
    }
    const { sep } = policy.platform.path;
    const drawing = { lines: [root.real.endsWith(sep) ? root.real : root.real + sep], unopened: 0 };
    draw(top, 1, drawing);
    return {
      text:
        drawing.lines.join('\n') +
        notes(cut, limits.maxEntries, drawing.unopened, hiddenLinks) +
        airlockStateNote(hiddenAirlockState),
      data: { path: root.real },
    };
  },
});

function keyOf(relative: readonly string[]): string {
  // NUL never occurs in a file name, so the key is unambiguous.
  return relative.join('\0');
}

function nodeFor(entry: WalkedEntry): TreeNode {
  return {
    name: entry.name,
    folder: entry.kind === 'directory',
    guarded: entry.guarded,
    link: entry.isLink,
  };
}

interface Drawing {
  readonly lines: string[];
  /** Folders shown but not opened. */
  unopened: number;
}

/** The folder's entries, each indented by its level, then its "… N more". */
function draw(folder: TreeNode, level: number, drawing: Drawing): void {
  const indent = '  '.repeat(level);
  for (const node of folder.children ?? []) {
    drawing.lines.push(indent + describe(node, drawing));
    if (node.children) draw(node, level + 1, drawing);
  }
  if (folder.more !== undefined) drawing.lines.push(`${indent}… ${folder.more} more`);
}

function describe(node: TreeNode, drawing: Drawing): string {
  const name = entryName(node.name) + (node.folder ? '/' : '');
  if (node.guarded) return `${name} [protected]`;
  if (node.link) return `${name} [link]`;
  if (node.unreadable) return `${name} [unreadable]`;
  // A real folder the walk never listed: past the depth limit, or after the entry limit.
  if (!node.folder || node.children) return name;
  drawing.unopened += 1;
  return `${name} …`;
}

function notes(cut: boolean, maxEntries: number, unopened: number, hiddenLinks: number): string {
  const lines: string[] = [];
  if (cut) {
    lines.push(
      `Airlock shows at most ${maxEntries} entries. Call directory_tree on a folder marked "…", or leave folders out with excludePatterns.`,
    );
  } else if (unopened > 0) {
    lines.push('Folders marked "…" are past the depth limit: call directory_tree on one.');
  }
  if (hiddenLinks > 0)
    lines.push(`(${hiddenLinks} link(s) leading outside the allowed directories not shown)`);
  return lines.length > 0 ? `\n\n${lines.join('\n')}` : '';
}
