// How a change shows in the activity log, for main's history and the window's Undo alike:
// the tools whose calls make one, and the shape of its id.

/** The tools whose successful calls make a change history keeps. */
export const CHANGE_TOOLS: ReadonlySet<string> = new Set([
  'write_file',
  'edit_file',
  'move_file',
  'delete_file',
  'create_directory',
  'undo_change',
]);

/** A change's id: the tool call's correlation id, or an undo's own. Also a file name in history. */
export const CHANGE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
