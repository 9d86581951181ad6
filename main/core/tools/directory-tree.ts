import { z } from 'zod';
import {
  airlockStateNote,
  hiddenAirlockStateField,
  pathArgument,
  readOnlyAnnotations,
} from './common-schemas.ts';
import { compileGlobs, globOptionsFor } from './glob.ts';
import { excludePatternsArgument, resolveFolder } from './search-files.ts';
import { defineTool } from './tool-kit.ts';
import { walkTree, type WalkedEntry } from './walk-tree.ts';

/**
 * The official server's tree shape ({name, type, children}), so agents that know it read it
 * unchanged, plus markers it never needed: protected entries, links (shown, not entered),
 * folders left unexpanded by a limit, and a count of links hidden because they lead outside.
 */
interface TreeNode {
  name: string;
  type: 'file' | 'directory';
  guarded?: true;
  link?: true;
  truncated?: true;
  unreadable?: true;
  hiddenLinks?: number;
  children?: TreeNode[];
}

const flatEntry = z.object({
  path: z.string().describe('Path below the tree root, with "/" between names.'),
  type: z.enum(['file', 'directory']),
  depth: z.number().describe('1 for the root folder’s own entries.'),
  guarded: z.boolean().optional().describe('A protected file or folder: shown, never opened.'),
  link: z
    .boolean()
    .optional()
    .describe('A link to a place inside the allowed directories: shown, not entered.'),
  truncated: z
    .boolean()
    .optional()
    .describe('A folder not (fully) expanded because of the depth or entry limit.'),
  unreadable: z.boolean().optional(),
  hiddenLinks: z.number().optional(),
});

export const directoryTree = defineTool({
  name: 'directory_tree',
  title: 'Directory tree',
  description:
    "Get a recursive tree of files and folders as JSON. Each entry has 'name', 'type' (file/directory) and, for folders, a 'children' array. Protected entries carry \"guarded\": true, links \"link\": true (they are not entered), and folders not expanded because of Airlock's depth or entry limits \"truncated\": true: call directory_tree on such a folder to see inside.",
  inputSchema: z.object({
    path: pathArgument.describe(
      'The folder to draw (absolute, or relative to the first allowed directory).',
    ),
    excludePatterns: excludePatternsArgument,
  }),
  outputSchema: z.object({
    path: z.string().describe('The real path of the tree root.'),
    entries: z.array(flatEntry).describe('The tree flattened, depth-first.'),
    total: z.number().describe('Entries shown.'),
    truncated: z.boolean(),
    maxDepth: z.number(),
    hiddenLinks: z
      .number()
      .describe('Links leading outside the allowed directories: counted, never named.'),
    hiddenAirlockState: hiddenAirlockStateField,
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async ({ path, excludePatterns }, { policy, limits, signal }) => {
    const root = await resolveFolder(policy, path, 'directory_tree');
    const exclude = compileGlobs(excludePatterns ?? [], globOptionsFor(policy.platform));
    const top: TreeNode[] = [];
    const folders = new Map<
      string,
      { node: TreeNode | undefined; children: TreeNode[]; listed: boolean }
    >([['', { node: undefined, children: top, listed: false }]]);
    let shown = 0;
    let truncated = false;
    let hiddenLinks = 0;
    let hiddenAirlockState = 0;
    walk: for await (const folder of walkTree(policy, root, {
      signal,
      maxDepth: limits.maxTreeDepth,
      exclude,
    })) {
      const slot = folders.get(keyOf(folder.relative));
      if (!slot) continue;
      slot.listed = true;
      hiddenLinks += folder.hiddenLinks;
      hiddenAirlockState += folder.hiddenAirlockState;
      if (slot.node && folder.hiddenLinks > 0) slot.node.hiddenLinks = folder.hiddenLinks;
      if (slot.node && folder.unreadable) slot.node.unreadable = true;
      for (const entry of folder.entries) {
        if (shown >= limits.maxEntries) {
          truncated = true;
          if (slot.node) slot.node.truncated = true;
          break walk;
        }
        const node = nodeFor(entry);
        slot.children.push(node);
        shown += 1;
        if (node.children)
          folders.set(keyOf(entry.relative), { node, children: node.children, listed: false });
      }
    }
    // Folders the walk would have entered but the entry limit stopped first.
    for (const { node, listed } of folders.values()) {
      if (node && !listed && !node.guarded && !node.link) node.truncated = true;
    }
    const tree = top.map(present);
    const entries = flatten(tree, '', 1);
    return {
      text:
        JSON.stringify(tree, null, 2) +
        notes(truncated, shown, limits.maxTreeDepth, entries, hiddenLinks) +
        airlockStateNote(hiddenAirlockState),
      data: {
        path: root.real,
        entries,
        total: shown,
        truncated,
        maxDepth: limits.maxTreeDepth,
        hiddenLinks,
        hiddenAirlockState: hiddenAirlockState || undefined,
      },
    };
  },
});

function keyOf(relative: readonly string[]): string {
  // NUL never occurs in a file name, so the key is unambiguous.
  return relative.join('\0');
}

function nodeFor(entry: WalkedEntry): TreeNode {
  const node: TreeNode = {
    name: entry.name,
    type: entry.kind === 'directory' ? 'directory' : 'file',
  };
  if (entry.guarded) node.guarded = true;
  if (entry.isLink) node.link = true;
  // As in the official server, every folder has a children array, even one not entered.
  if (node.type === 'directory') node.children = [];
  return node;
}

/** The same node with its keys in reading order: name and type first, children last. */
function present(node: TreeNode): TreeNode {
  const { children, ...rest } = node;
  return children ? { ...rest, children: children.map(present) } : rest;
}

function flatten(
  nodes: readonly TreeNode[],
  prefix: string,
  depth: number,
): z.infer<typeof flatEntry>[] {
  return nodes.flatMap((node) => {
    const path = prefix ? `${prefix}/${node.name}` : node.name;
    const { children, name: _name, ...flags } = node;
    return [{ path, depth, ...flags }, ...flatten(children ?? [], path, depth + 1)];
  });
}

function notes(
  truncated: boolean,
  shown: number,
  maxDepth: number,
  entries: readonly z.infer<typeof flatEntry>[],
  hiddenLinks: number,
): string {
  const lines: string[] = [];
  if (truncated) {
    lines.push(
      `… truncated: Airlock shows at most ${shown} entries. Folders marked "truncated": true were not fully expanded; call directory_tree on one of them, or leave folders out with excludePatterns.`,
    );
  } else if (entries.some((entry) => entry.truncated)) {
    lines.push(
      `Folders deeper than ${maxDepth} levels are marked "truncated": true; call directory_tree on one of them to see inside.`,
    );
  }
  if (hiddenLinks > 0)
    lines.push(`(${hiddenLinks} link(s) leading outside the allowed directories not shown)`);
  return lines.length > 0 ? `\n\n${lines.join('\n')}` : '';
}
