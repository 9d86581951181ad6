import { createDirectory } from './create-directory.ts';
import { deleteFile } from './delete-file.ts';
import { editFile } from './edit-file.ts';
import { getFileInfo } from './get-file-info.ts';
import { listAllowedDirectories } from './list-allowed-directories.ts';
import { listDirectory, listDirectoryWithSizes } from './list-directory.ts';
import { moveFile } from './move-file.ts';
import { readMediaFile } from './read-media-file.ts';
import { readMultipleFiles } from './read-multiple-files.ts';
import { readTextFile } from './read-text-file.ts';
import type { AnyToolDefinition } from './tool-kit.ts';
import { undoChange } from './undo-change.ts';
import { writeFile } from './write-file.ts';

/** The tools that read and change single files and folders. */
export const fileTools: readonly AnyToolDefinition[] = [
  listAllowedDirectories,
  listDirectory,
  listDirectoryWithSizes,
  getFileInfo,
  readTextFile,
  readMediaFile,
  readMultipleFiles,
  writeFile,
  editFile,
  createDirectory,
  moveFile,
  deleteFile,
  undoChange,
];
