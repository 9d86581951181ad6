import { directoryTree } from './directory-tree.ts';
import { searchContent } from './search-content.ts';
import { searchFiles } from './search-files.ts';
import type { AnyToolDefinition } from './tool-kit.ts';

/** The tools that walk folders: find by name, find by content, and draw the tree. */
export const searchTools: readonly AnyToolDefinition[] = [
  searchFiles,
  searchContent,
  directoryTree,
];
