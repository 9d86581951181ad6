import { useState } from 'react';
import type { RequestOf } from '../../../preload/ipc-contract.ts';
import { call, failureMessage } from '../../app/airlock-api.ts';
import type { Settings } from './setting-fields.ts';

export type SaveState =
  | { readonly kind: 'idle' | 'saving' }
  | { readonly kind: 'saved'; readonly message: string }
  /** Main refused or failed: its message, shown next to the group. */
  | { readonly kind: 'failed'; readonly message: string }
  /** Something typed cannot be saved; the fields say what, nothing was sent. */
  | { readonly kind: 'invalid'; readonly message: string };

export interface GroupSave {
  readonly state: SaveState;
  /** Saves one group's settings; resolves with the saved settings, or undefined on failure. */
  save(patch: RequestOf<'updateSettings'>, savedMessage?: string): Promise<Settings | undefined>;
  /** Nothing is sent: the fields show why. */
  refuse(message: string): void;
  /** Something the group did besides saving (emptying history) is done: says so. */
  announce(message: string): void;
  /** Something the group did besides saving failed: main's words, next to the group. */
  fail(message: string): void;
  /** The person changed something after the last save. */
  edited(): void;
}

/** The save of one settings group, with its "Saved" or its problem, apart from the others. */
export function useGroupSave(onSaved: (settings: Settings) => void): GroupSave {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  return {
    state,
    async save(patch, savedMessage = 'Saved.') {
      setState({ kind: 'saving' });
      try {
        const settings = await call('updateSettings', patch);
        onSaved(settings);
        setState({ kind: 'saved', message: savedMessage });
        return settings;
      } catch (error) {
        setState({ kind: 'failed', message: failureMessage(error) });
        return undefined;
      }
    },
    refuse(message) {
      setState({ kind: 'invalid', message });
    },
    announce(message) {
      setState({ kind: 'saved', message });
    },
    fail(message) {
      setState({ kind: 'failed', message });
    },
    edited() {
      setState((current) => (current.kind === 'saving' ? current : { kind: 'idle' }));
    },
  };
}
