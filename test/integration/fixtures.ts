// The small workspace every integration suite works on.
import type { Sandbox } from '../helpers/sandbox.ts';

export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export const FILES = {
  'a.txt': 'alpha\nbeta\ngamma\n',
  'notes/readme.md': '# Notes\nline two\nline three\n',
  'src/deep/code.ts': 'export const needle = 42;\n',
} as const;

export const READ_TOOLS = [
  'list_allowed_directories',
  'list_directory',
  'list_directory_with_sizes',
  'directory_tree',
  'search_files',
  'search_content',
  'get_file_info',
  'read_text_file',
  'read_media_file',
  'read_multiple_files',
] as const;

export const WRITE_TOOLS = [
  'write_file',
  'edit_file',
  'create_directory',
  'move_file',
  'delete_file',
  'undo_change',
] as const;

/**
 * The tools that declare an output schema and answer structured content: the change tools,
 * whose change id and undoability a program keeps. The others answer once, as text.
 */
export const STRUCTURED_TOOLS = WRITE_TOOLS;

export async function fillWorkspace(sandbox: Sandbox): Promise<void> {
  for (const [name, content] of Object.entries(FILES)) {
    await sandbox.file(sandbox.ws, name, content);
  }
  await sandbox.file(sandbox.ws, 'pixel.png', TINY_PNG);
}
