/// <reference lib="dom" />
// The small status window: running or paused with the kill switch, the folders with their
// access, and where each transport listens. It reaches main only through window.airlock,
// the preload's API. (The full window, in React, comes later.)
import type { AirlockApi } from '../preload/airlock-api.ts';
import type { Envelope } from '../preload/ipc-contract.ts';
import type { AppStatus } from './status-text.ts';
import {
  byId,
  renderFolders,
  renderStatus,
  showMessage,
  type FolderActions,
} from './status-view.ts';

declare global {
  interface Window {
    readonly airlock: AirlockApi;
  }
}

const api = window.airlock;
let paused = false;

/** The data of an envelope, or undefined after showing its error to the person. */
function settle<T>(envelope: Envelope<T>): T | undefined {
  if (envelope.ok) {
    showMessage(undefined);
    return envelope.data;
  }
  showMessage(envelope.error.message);
  return undefined;
}

const folderActions: FolderActions = {
  setAccess: (path, access) =>
    void api.invoke('setWorkspaceAccess', { path, access }).then((envelope) => {
      const folders = settle(envelope);
      if (folders) renderFolders(folders, folderActions);
    }),
  remove: (path) =>
    void api.invoke('removeWorkspace', { path }).then((envelope) => {
      const folders = settle(envelope);
      if (folders) renderFolders(folders, folderActions);
    }),
};

function show(status: AppStatus): void {
  paused = status.paused;
  renderStatus(status, folderActions);
}

byId('access-button').addEventListener('click', () => {
  void api.invoke('setPaused', { paused: !paused }).then((envelope) => {
    const status = settle(envelope);
    if (status) show(status);
  });
});

byId('add-folder').addEventListener('click', () => {
  // New folders start read-only; the person widens access in the list if they want to.
  void api.invoke('addWorkspace', { access: 'read' }).then((envelope) => {
    const result = settle(envelope);
    if (result) renderFolders(result.workspaces, folderActions);
  });
});

api.subscribe('statusChanged', show);
void api.invoke('getStatus').then((envelope) => {
  const status = settle(envelope);
  if (status) show(status);
});
