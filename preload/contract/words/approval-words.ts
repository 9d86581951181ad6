import type { Requester } from '../approval-views.ts';

// The words of a change waiting for the person's OK that main (the tray, the system
// notification, the Changes headings) and the window both say, so that each says them alike.
// Plain functions that import nothing but types: the renderer may take values from this
// folder, and scripts/lint-layers.mjs holds it to that.

/**
 * What a change does, in the person's terms. `replace` is write_file over an existing file;
 * `undo` is an agent's undo_change, which puts back an earlier state over the current one.
 */
export const CHANGE_ACTIONS = [
  'create',
  'replace',
  'edit',
  'delete',
  'move',
  'create-folder',
  'undo',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** Whether a value read back from the activity log names a change Airlock knows. */
export function isChangeAction(value: unknown): value is ChangeAction {
  return (CHANGE_ACTIONS as readonly unknown[]).includes(value);
}

/** What someone calls an app that gave no name. */
const UNNAMED_APP = 'An app';

/**
 * "Claude Desktop" for "Claude Desktop 0.14.2": MCP clients give their name and version, and
 * the tool kit records them as one.
 */
export function nameWithoutVersion(client: string): string {
  return /^(.*\S)\s+v?\d[\w.+-]*$/.exec(client)?.[1] ?? client;
}

/** "Claude Desktop": the app's name without its version, or "An app" when it gave none. */
export function appNameOf(client: string | undefined): string {
  return nameWithoutVersion(client?.trim() ?? '') || UNNAMED_APP;
}

/** The same for the app that asks. */
export function appName(requester: Requester): string {
  return appNameOf(requester.client);
}

/** "Claude Desktop 0.14.2": the name and version, as the app gave them. */
export function appNameAndVersion(requester: Requester): string {
  return requester.client.trim() || UNNAMED_APP;
}

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

const numberFormat = new Intl.NumberFormat();

/** "1 change waiting for your OK", "3 changes waiting for your OK". */
export function waitingWords(count: number): string {
  const changes = count === 1 ? 'change' : 'changes';
  return `${numberFormat.format(count)} ${changes} waiting for your OK`;
}
