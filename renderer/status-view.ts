/// <reference lib="dom" />
// Renders the status into the page with plain DOM; every text goes in as text, never HTML.
import {
  ACCESS_LABELS,
  accessButtonText,
  accessStateText,
  clientsText,
  transportName,
  transportStateText,
  type AppStatus,
  type WorkspaceView,
} from './status-text.ts';

export interface FolderActions {
  readonly setAccess: (path: string, access: 'read' | 'write') => void;
  readonly remove: (path: string) => void;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`The page has no #${id}.`);
  return element as T;
}

export function renderStatus(status: AppStatus, actions: FolderActions): void {
  const state = byId('access-state');
  state.textContent = accessStateText(status);
  state.classList.toggle('paused', status.paused);

  const button = byId<HTMLButtonElement>('access-button');
  button.textContent = accessButtonText(status.paused);
  button.classList.toggle('paused', status.paused);
  button.disabled = false;

  renderFolders(status.workspaces, actions);
  byId('clients').textContent = clientsText(status.clientsConnected);
  byId('transport-list').replaceChildren(
    ...status.transports.map((transport) => {
      const item = document.createElement('li');
      item.className = 'transport';
      const name = document.createElement('strong');
      name.textContent = `${transportName(transport.transport)}: `;
      const state = document.createElement('span');
      state.className = transport.state === 'listening' ? 'address' : 'quiet';
      state.textContent = transportStateText(transport);
      item.append(name, state);
      return item;
    }),
  );
}

/** What the folder list shows now: redrawn only when it changes, so focus stays put. */
let shownFolders = '';

export function renderFolders(folders: readonly WorkspaceView[], actions: FolderActions): void {
  const next = JSON.stringify(folders);
  if (next === shownFolders) return;
  shownFolders = next;
  byId('no-folders').hidden = folders.length > 0;
  byId('folder-list').replaceChildren(
    ...folders.map((folder, index) => folderRow(folder, index, actions)),
  );
}

function folderRow(folder: WorkspaceView, index: number, actions: FolderActions): HTMLLIElement {
  const row = document.createElement('li');
  row.className = 'folder';

  const name = document.createElement('span');
  name.className = 'folder-path';
  name.textContent = folder.path;
  if (!folder.available) {
    const problem = document.createElement('span');
    problem.className = 'problem';
    problem.textContent = `Not available now: ${folder.problem ?? 'the folder cannot be opened.'}`;
    name.append(problem);
  }

  const controls = document.createElement('div');
  controls.className = 'folder-controls';
  const selectId = `folder-access-${index}`;
  const label = document.createElement('label');
  label.className = 'visually-hidden';
  label.htmlFor = selectId;
  label.textContent = `What agents may do in ${folder.path}`;
  const select = document.createElement('select');
  select.id = selectId;
  for (const access of ['read', 'write'] as const) {
    const option = new Option(ACCESS_LABELS[access], access, false, folder.access === access);
    select.append(option);
  }
  select.addEventListener('change', () =>
    actions.setAccess(folder.path, select.value === 'write' ? 'write' : 'read'),
  );
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'button';
  remove.textContent = 'Remove';
  remove.setAttribute('aria-label', `Remove ${folder.path}`);
  remove.addEventListener('click', () => actions.remove(folder.path));
  controls.append(label, select, remove);

  row.append(name, controls);
  return row;
}

export function showMessage(text: string | undefined): void {
  const message = byId('message');
  message.textContent = text ?? '';
  message.hidden = text === undefined;
}
