import type { ChangeAction } from '../../../preload/contract/approval-views.ts';

// What main says of a change waiting for the person's OK, outside the window: in the tray
// and in the system notification. The window has its words in renderer/screens/approvals.

/** The last name of a path: "report.pdf" for /home/ann/Taxes 2024/report.pdf. */
export function lastName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/**
 * What the change will do, as the rest of "Claude Desktop asks to …": "delete report.pdf",
 * "move a.txt to b.txt". Items are named by their last name; the folder is said apart.
 */
export function changeWords(action: ChangeAction, path: string, destination?: string): string {
  const name = lastName(path);
  switch (action) {
    case 'create':
      return `create ${name}`;
    case 'replace':
      return `replace ${name}`;
    case 'edit':
      return `edit ${name}`;
    case 'delete':
      return `delete ${name}`;
    case 'move':
      return destination ? `move ${name} to ${lastName(destination)}` : `move ${name}`;
    case 'create-folder':
      return `create the folder ${name}`;
    case 'undo':
      return `undo a change to ${name}`;
  }
}

/** "1 change waiting for your OK", "3 changes waiting for your OK". */
export function waitingWords(count: number): string {
  return count === 1 ? '1 change waiting for your OK' : `${count} changes waiting for your OK`;
}
