// The number settings as the window shows them: a label in plain words, the unit a person
// thinks in (megabytes, seconds, days) and the range, checked before anything is saved.
import type { ResponseOf } from '../../../preload/ipc-contract.ts';

export type Settings = ResponseOf<'getSettings'>;
export type SettingRanges = ResponseOf<'getSettingRanges'>;
export type SettingRange = SettingRanges[string];

export interface Unit {
  /** Shown after the field: "MB", "seconds". */
  readonly name: string;
  /** How many of the stored unit (bytes, milliseconds, days) one shown unit is. */
  readonly factor: number;
  /** The range in words: "from 1 KB to 64 MB". */
  readonly describe: (stored: number) => string;
}

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

export const MEGABYTES: Unit = { name: 'MB', factor: MB, describe: sizeText };
export const GIGABYTES: Unit = { name: 'GB', factor: GB, describe: sizeText };
export const SECONDS: Unit = {
  name: 'seconds',
  factor: 1000,
  describe: (ms) => durationText(ms / 1000),
};
/** For a setting stored in whole seconds, where SECONDS is for milliseconds. */
export const WHOLE_SECONDS: Unit = { name: 'seconds', factor: 1, describe: durationText };
export const MINUTES: Unit = {
  name: 'minutes',
  factor: 1,
  describe: (minutes) => durationText(minutes * 60),
};
export const DAYS: Unit = {
  name: 'days',
  factor: 1,
  describe: (days) => durationText(days * 86_400),
};
export const ENTRIES: Unit = { name: 'entries', factor: 1, describe: countText };
export const LEVELS: Unit = { name: 'levels', factor: 1, describe: countText };
/** A port is a number, not an amount: no thousands separator. */
export const PORT: Unit = { name: '', factor: 1, describe: String };

export interface NumberSetting {
  /** The dotted key, as in the ranges: `limits.maxReadBytes`. */
  readonly key: string;
  readonly label: string;
  /** One sentence on what it does, for someone who does not code. */
  readonly help: string;
  readonly unit: Unit;
}

export const LIMIT_FIELDS: readonly NumberSetting[] = [
  {
    key: 'limits.maxReadBytes',
    label: 'Largest file an agent can read',
    help: 'Bigger files are refused, or read in parts.',
    unit: MEGABYTES,
  },
  {
    key: 'limits.maxWriteBytes',
    label: 'Largest file an agent can write',
    help: 'An agent cannot write a file bigger than this in one go.',
    unit: MEGABYTES,
  },
  {
    key: 'limits.maxResponseBytes',
    label: 'Largest answer sent back to the agent',
    help: 'Longer answers are cut, and the agent is told so.',
    unit: MEGABYTES,
  },
  {
    key: 'limits.maxEntries',
    label: 'Most files listed or found at once',
    help: 'Longer lists come back in pages.',
    unit: ENTRIES,
  },
  {
    key: 'limits.maxTreeDepth',
    label: 'Deepest folder level shown in a folder tree',
    help: 'Folders nested deeper than this are not shown in one tree.',
    unit: LEVELS,
  },
  {
    key: 'limits.callTimeoutMs',
    label: 'Longest time one request may take',
    help: 'A request that takes longer is stopped.',
    unit: SECONDS,
  },
];

export const RETENTION_FIELDS = {
  retentionDays: {
    key: 'audit.retentionDays',
    label: 'Keep activity for',
    help: 'Older activity files are deleted. The newest records are always kept.',
    unit: DAYS,
  },
  rotateAgeDays: {
    key: 'audit.rotateAgeDays',
    label: 'Start a new activity file every',
    help: 'Old records are deleted a whole file at a time.',
    unit: DAYS,
  },
  rotateBytes: {
    key: 'audit.rotateBytes',
    label: 'Or when the file reaches',
    help: 'Whichever comes first starts a new file.',
    unit: MEGABYTES,
  },
  fsyncIntervalMs: {
    key: 'audit.fsyncIntervalMs',
    label: 'At most this long between writes to the disk',
    help: 'Only with “Regularly” above.',
    unit: SECONDS,
  },
} as const satisfies Record<string, NumberSetting>;

/** How much change history keeps, so that agents' changes can be undone. */
export const HISTORY_FIELDS: readonly NumberSetting[] = [
  {
    key: 'history.maxAgeDays',
    label: 'Keep changes for',
    help: 'Older changes are removed from history and can no longer be undone.',
    unit: DAYS,
  },
  {
    key: 'history.maxTotalBytes',
    label: 'Space history may use',
    help: 'The oldest changes are removed first to stay under it, and it uses less while the disk is nearly full.',
    unit: GIGABYTES,
  },
  {
    key: 'history.maxFileBytes',
    label: 'Largest file history keeps',
    help: 'A change to a bigger file still happens, but cannot be undone.',
    unit: MEGABYTES,
  },
];

/** How long an agent's call, and its request, wait for the person's OK. */
export const APPROVAL_FIELDS: readonly NumberSetting[] = [
  {
    key: 'approvals.waitSeconds',
    label: 'How long an agent waits for your answer',
    help: 'Then it is told to ask again once you have answered. Apps give up after about a minute.',
    unit: WHOLE_SECONDS,
  },
  {
    key: 'approvals.pendingMinutes',
    label: 'How long a request waits here',
    help: 'A request you have not answered by then goes away, and the agent must ask again.',
    unit: MINUTES,
  },
];

export const PORT_FIELD: NumberSetting = {
  key: 'http.port',
  label: 'HTTP port',
  help: 'The number apps use to reach Airlock on this computer.',
  unit: PORT,
};

/** The value under a dotted key. */
export function storedValue(settings: Settings, key: string): number {
  const [section, name] = key.split('.') as [keyof Settings, string];
  const value = (settings[section] as unknown as Record<string, unknown>)[name ?? ''];
  return typeof value === 'number' ? value : Number.NaN;
}

/** The text a field starts with: the stored value in the shown unit, without noise digits. */
export function shownValue(stored: number, unit: Unit): string {
  return String(Number((stored / unit.factor).toPrecision(12)));
}

export type Checked =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

/**
 * What the person typed, as the stored value, or the reason it cannot be saved. The
 * message names the range in the person's unit, so it says how to fix it.
 */
export function checkNumber(
  text: string,
  setting: NumberSetting,
  range: SettingRange | undefined,
): Checked {
  const { unit } = setting;
  const fail = (reason: string): Checked => ({
    ok: false,
    error: range ? `${reason} Choose ${rangeText(range, unit)}.` : reason,
  });
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return fail('Enter a number.');
  const shown = Number(trimmed);
  if (!Number.isFinite(shown)) return fail(`“${text.trim()}” is not a number.`);
  if (range?.integer && unit.factor === 1 && !Number.isInteger(shown))
    return fail('Use a whole number.');
  const stored = range?.integer ? Math.round(shown * unit.factor) : shown * unit.factor;
  if (range && stored < range.min) return fail('That is too small.');
  if (range && stored > range.max) return fail('That is too large.');
  return { ok: true, value: stored };
}

/** "from 1 KB to 64 MB" */
export function rangeText(range: SettingRange, unit: Unit): string {
  return `from ${unit.describe(range.min)} to ${unit.describe(range.max)}`;
}

export function sizeText(bytes: number): string {
  if (bytes >= GB) return `${trim(bytes / GB)} GB`;
  if (bytes >= MB) return `${trim(bytes / MB)} MB`;
  if (bytes >= KB) return `${trim(bytes / KB)} KB`;
  return `${bytes} bytes`;
}

export function durationText(seconds: number): string {
  if (seconds >= 86_400) return plural(trim(seconds / 86_400), 'day');
  if (seconds >= 3600) return plural(trim(seconds / 3600), 'hour');
  if (seconds >= 60) return plural(trim(seconds / 60), 'minute');
  return plural(trim(seconds), 'second');
}

function countText(count: number): string {
  return count.toLocaleString('en-US');
}

function plural(amount: string, word: string): string {
  return amount === '1' ? `1 ${word}` : `${amount} ${word}s`;
}

function trim(value: number): string {
  return Number(value.toFixed(2)).toLocaleString('en-US');
}
