// The window's only way to main: one small typed API, exposed through the context bridge
// (contextIsolation and the sandbox keep everything else of Electron out of the page).
// Bundled to CommonJS (dist/preload/preload.cjs): sandboxed preloads cannot be ES modules.
import { contextBridge, ipcRenderer } from 'electron';
import { AIRLOCK_API_KEY } from './airlock-api.ts';
import { createPreloadApi } from './create-preload-api.ts';

contextBridge.exposeInMainWorld(AIRLOCK_API_KEY, createPreloadApi(ipcRenderer));
