// The words the keys screen shows, kept apart from its markup so they read as one place.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';

export type KeyView = ResponseOf<'listKeys'>[number];
export type NewKeySecret = ResponseOf<'createKey'>;

/** A key's secret on the page: once, after it was made or replaced. */
export interface ShownSecret {
  readonly name: string;
  readonly secret: string;
  readonly rotated: boolean;
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "12 Mar 2026, 14:05" in the person's own language and time zone. */
export function whenText(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : WHEN.format(date);
}

export function lastUsedText(key: KeyView): string {
  return key.lastUsed === null ? 'Never used' : whenText(key.lastUsed);
}

/** The heading of the shown-once card. */
export function shownSecretTitle(shown: ShownSecret): string {
  return shown.rotated ? `New secret for “${shown.name}”` : `Your new key “${shown.name}”`;
}

export const NO_KEYS_TEXT =
  'No keys yet. Create one to connect an app such as Cursor, VS Code or Claude Code.';
