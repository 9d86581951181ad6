import { realpath } from 'node:fs/promises';
import { isInsideRoot, segmentsBelow } from './containment.ts';
import { comparisonKey, type PathPlatform } from './platform.ts';

/** Where Airlock keeps its own state, as the process that serves agents knows it. */
export interface AirlockStateLocations {
  /** The data dir in force: settings, key list, bridge token, socket, history, logs. */
  readonly dataDir: string;
  /** The current audit log, wherever --audit-log put it. */
  readonly auditFile: string;
  /** Other data dirs to keep out of reach: the app's default one when another is in force. */
  readonly otherDataDirs?: readonly string[];
}

/** The files of one audit log: beside the current file, its head, lock, rotated and torn files. */
interface AuditLogArea {
  readonly directory: string;
  readonly isLogName: (key: string) => boolean;
}

/**
 * Airlock's own files: no grant reaches them, whatever the workspaces are. An agent that
 * could rewrite the settings would widen its own grant, and one that could delete the audit
 * log would hide what it did. Paths are compared the way the platform's disk compares
 * names, and each place is kept both as given and as its real path, so neither a link nor
 * a case or Unicode variant leads in.
 */
export class AirlockState {
  private readonly platform: PathPlatform;
  private readonly folders: readonly string[];
  private readonly logs: readonly AuditLogArea[];

  constructor(platform: PathPlatform, folders: readonly string[], logs: readonly AuditLogArea[]) {
    this.platform = platform;
    this.folders = folders;
    this.logs = logs;
  }

  /** For tests and tools that serve no data dir: nothing is reserved. */
  static none(platform: PathPlatform): AirlockState {
    return new AirlockState(platform, [], []);
  }

  /** Whether the absolute, normalized path is part of Airlock's state or lies inside it. */
  holds(absolute: string): boolean {
    for (const folder of this.folders)
      if (isInsideRoot(this.platform, folder, absolute)) return true;
    for (const log of this.logs) {
      const below = segmentsBelow(this.platform, log.directory, absolute);
      if (below && below.length > 0 && log.isLogName(comparisonKey(this.platform, below[0]!)))
        return true;
    }
    return false;
  }

  /** Whether some of Airlock's state is, or lies inside, the folder at `absolute`. */
  liesWithin(absolute: string): boolean {
    return (
      this.folders.some((folder) => isInsideRoot(this.platform, absolute, folder)) ||
      this.logs.some((log) => isInsideRoot(this.platform, absolute, log.directory))
    );
  }

  /** Whether a workspace at `root` could reach any of Airlock's state at all. */
  touches(root: string): boolean {
    return this.holds(root) || this.liesWithin(root);
  }
}

/** Finds the real places of Airlock's state; a place that does not exist yet is kept as given. */
export async function locateAirlockState(
  platform: PathPlatform,
  locations: AirlockStateLocations,
): Promise<AirlockState> {
  const { path } = platform;
  const folders: string[] = [];
  for (const dir of [locations.dataDir, ...(locations.otherDataDirs ?? [])])
    folders.push(...(await bothForms(platform, dir)));
  const logFile = path.resolve(locations.auditFile);
  const isLogName = auditLogNames(platform, path.basename(logFile));
  const logs = (await bothForms(platform, path.dirname(logFile))).map((directory) => ({
    directory,
    isLogName,
  }));
  return new AirlockState(platform, unique(platform, folders), logs);
}

/** The path as given (normalized) and its real path, found through its deepest existing part. */
async function bothForms(platform: PathPlatform, given: string): Promise<string[]> {
  const { path } = platform;
  const normalized = path.resolve(given);
  let existing = normalized;
  const missing: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      return unique(platform, [normalized, path.join(real, ...missing)]);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return [normalized];
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/**
 * The names an audit log's files take beside it (see AuditFiles): the file, `.head`,
 * `.lock`, rotated `<stem>-<stamp><ext>` and torn `<stem>.torn-<stamp><ext>` files.
 */
function auditLogNames(platform: PathPlatform, base: string): (key: string) => boolean {
  const key = comparisonKey(platform, base);
  const dot = key.lastIndexOf('.');
  const stem = dot > 0 ? key.slice(0, dot) : key;
  const extension = dot > 0 ? key.slice(dot) : '.jsonl';
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const family = new RegExp(
    `^${escape(stem)}(-|\\.torn-)\\d{8}T\\d{9}Z${escape(extension)}$`,
    platform.caseInsensitive ? 'i' : '',
  );
  const exact = new Set([key, `${key}.head`, `${key}.lock`]);
  return (name) => exact.has(name) || family.test(name);
}

function unique(platform: PathPlatform, paths: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const entry of paths) seen.set(comparisonKey(platform, entry), entry);
  return [...seen.values()];
}
