// Writes a synthetic audit log shaped like the real one: records in the writer's canonical
// field order (seq, ts, event, client, keyName, transport, tool, args, paths, workspace,
// outcome, reason, durationMs, bytesIn, bytesOut, correlationId, detail, prev, hash, mac),
// split into rotated files the way AuditFiles names them. Content is seeded, so two runs
// write the same bytes. Hashes are random hex of the right length, not a real chain: the
// index never checks them, and a real chain would only slow the generation.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface SyntheticLogOptions {
  readonly directory: string;
  readonly records: number;
  /** Rotate to a new file after this many bytes (the writer's default is 64 MiB). */
  readonly rotateBytes?: number;
  readonly seed?: number;
}

export interface SyntheticLog {
  /** Oldest first, the current file (`audit.jsonl`) last. */
  readonly files: string[];
  readonly bytes: number;
  readonly records: number;
  /** Time of the first and last record (epoch ms). */
  readonly firstTs: number;
  readonly lastTs: number;
  /** The workspaces the records use, for building realistic queries. */
  readonly workspaces: readonly string[];
  readonly clients: readonly string[];
}

export const WORKSPACES = [
  '/home/ana/Documents/Taxes 2024',
  '/home/ana/Projects/garden-planner',
  '/home/ana/Projects/family-website',
  '/home/ana/Work/Quarterly Reports',
  '/home/ana/Notes',
  '/home/ana/Photos/Trips',
];

export const CLIENTS = [
  'claude-ai 0.12.3',
  'Claude Code 2.1.4',
  'cursor-vscode 1.0.0',
  'Visual Studio Code 1.102.0',
  'Zed 0.190.2',
];

const KEY_NAMES = ['laptop-cursor', 'ci-bot', 'home-vscode'];

const WORDS = [
  'invoice',
  'receipts',
  'budget',
  'summer',
  'winter',
  'drafts',
  'archive',
  'notes',
  'meeting',
  'components',
  'assets',
  'letters',
  'recipes',
  'garden',
  'planting',
  'schedule',
  'photos',
  'travel',
  'report',
  'q3',
  'q4',
  '2023',
  '2024',
  'lib',
  'src',
  'docs',
  'tests',
  'styles',
  'index',
  'readme',
  'contract',
  'insurance',
  'mortgage',
  'school',
  'kids',
  'vacation',
  'lisbon',
  'kyoto',
  'hiking',
  'family',
];

const EXTENSIONS = [
  '.md',
  '.txt',
  '.pdf',
  '.ts',
  '.json',
  '.csv',
  '.jpg',
  '.png',
  '.docx',
  '.xlsx',
  '.html',
  '.css',
];

/** Tools with a weight: how often an agent calls each. */
const TOOLS: readonly (readonly [string, number])[] = [
  ['read_text_file', 30],
  ['list_directory', 14],
  ['search_files', 7],
  ['search_content', 6],
  ['write_file', 8],
  ['edit_file', 9],
  ['get_file_info', 8],
  ['directory_tree', 4],
  ['read_multiple_files', 4],
  ['read_media_file', 3],
  ['move_file', 3],
  ['delete_file', 2],
  ['create_directory', 1],
  ['list_allowed_directories', 1],
];

const OUTSIDE = [
  '/home/ana/.ssh/id_ed25519',
  '/home/ana/.aws/credentials',
  '/etc/passwd',
  '/home/ana/.config/gh/hosts.yml',
  '/home/ana/Library/Keychains/login.keychain-db',
];

/** mulberry32: small, fast, seeded. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function writeSyntheticLog(options: SyntheticLogOptions): Promise<SyntheticLog> {
  const random = prng(options.seed ?? 20_240_601);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  /** Skewed towards the start of the list: a few files get most of the calls. */
  const popular = <T>(items: readonly T[]): T =>
    items[Math.floor(items.length * random() ** 3)] as T;
  const hex = (length: number): string => {
    let text = '';
    while (text.length < length)
      text += Math.floor(random() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return text.slice(0, length);
  };
  const toolTotal = TOOLS.reduce((sum, [, weight]) => sum + weight, 0);
  const pickTool = (): string => {
    let roll = random() * toolTotal;
    for (const [tool, weight] of TOOLS) {
      roll -= weight;
      if (roll < 0) return tool;
    }
    return 'read_text_file';
  };

  // Each workspace: a few hundred folders, a few thousand files.
  const trees = WORKSPACES.map((root) => {
    const folders = [root];
    for (let i = 0; i < 300; i++) {
      const depth = 1 + Math.floor(random() * 3);
      let folder = root;
      for (let d = 0; d < depth; d++) folder += `/${pick(WORDS)}`;
      folders.push(folder);
    }
    const files: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const name = `${pick(WORDS)}${random() < 0.5 ? `-${pick(WORDS)}` : ''}${random() < 0.3 ? `-${Math.floor(random() * 100)}` : ''}${pick(EXTENSIONS)}`;
      files.push(`${pick(folders)}/${name}`);
    }
    return { root, folders: [...new Set(folders)], files };
  });

  mkdirSync(options.directory, { recursive: true });
  const rotateBytes = options.rotateBytes ?? 64 * 1024 * 1024;
  const files: string[] = [];
  let fileIndex = 0;
  let fd = -1;
  let fileBytes = 0;
  let total = 0;
  const parts: string[] = [];
  let pending = 0;
  const flush = (): void => {
    if (parts.length === 0) return;
    const chunk = Buffer.from(parts.join(''), 'utf8');
    let written = 0;
    while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
    parts.length = 0;
    pending = 0;
  };
  const openNext = (): void => {
    if (fd >= 0) {
      flush();
      // On disk before anything is timed: write-back must not compete with the index build.
      fsyncSync(fd);
      closeSync(fd);
    }
    // Rotated names sort by time; the last file becomes audit.jsonl after the loop.
    const name = path.join(
      options.directory,
      `audit-20240101T${String(fileIndex++).padStart(9, '0')}Z.jsonl`,
    );
    files.push(name);
    fd = openSync(name, 'w');
    fileBytes = 0;
  };
  openNext();

  const firstTs = Date.UTC(2024, 0, 1, 8, 0, 0);
  let ts = firstTs;
  let prev = '0'.repeat(64);
  for (let seq = 1; seq <= options.records; seq++) {
    // Calls come in bursts: mostly tens of milliseconds apart, sometimes minutes.
    ts += random() < 0.9 ? Math.floor(random() * 400) : Math.floor(random() * 600_000);
    const hash = hex(64);
    const line = `${JSON.stringify(makeRecord(seq, ts, prev, hash))}\n`;
    prev = hash;
    const bytes = Buffer.byteLength(line);
    if (fileBytes > 0 && fileBytes + bytes > rotateBytes) openNext();
    parts.push(line);
    pending += bytes;
    fileBytes += bytes;
    total += bytes;
    if (pending > 4 * 1024 * 1024) flush();
    if (seq % 100_000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  flush();
  fsyncSync(fd);
  closeSync(fd);
  // The newest file is the current one.
  const current = path.join(options.directory, 'audit.jsonl');
  renameSync(files[files.length - 1] as string, current);
  files[files.length - 1] = current;
  return {
    files,
    bytes: total,
    records: options.records,
    firstTs,
    lastTs: ts,
    workspaces: WORKSPACES,
    clients: CLIENTS,
  };

  function makeRecord(
    seq: number,
    time: number,
    previous: string,
    hash: string,
  ): Record<string, unknown> {
    const mac = hex(64);
    const roll = random();
    const transport = roll < 0.5 ? 'stdio' : roll < 0.8 ? 'socket' : 'http';
    const client = popular(CLIENTS);
    const keyName = transport === 'http' ? pick(KEY_NAMES) : undefined;
    const base = { seq, ts: new Date(time).toISOString() };
    const eventRoll = random();
    if (eventRoll < 0.01) {
      return {
        ...base,
        event: 'auth_failure',
        transport: 'http',
        outcome: 'denied',
        reason: 'unauthorized: the bearer key is not known',
        durationMs: round(random()),
        correlationId: hex(12),
        prev: previous,
        hash,
        mac,
      };
    }
    if (eventRoll < 0.015) {
      return {
        ...base,
        event: 'settings_change',
        transport: 'app',
        outcome: 'ok',
        detail: {
          changed: [pick(['workspaces', 'approvals', 'rateLimit', 'audit.retentionDays'])],
        },
        correlationId: hex(12),
        prev: previous,
        hash,
        mac,
      };
    }
    const tree = popular(trees);
    const tool = pickTool();
    let paths: string[];
    let args: Record<string, unknown>;
    const file = popular(tree.files);
    switch (tool) {
      case 'list_directory':
      case 'directory_tree':
      case 'create_directory': {
        const folder = popular(tree.folders);
        paths = [folder];
        args = { path: folder };
        break;
      }
      case 'search_files':
      case 'search_content': {
        const folder = popular(tree.folders);
        paths = [folder];
        args = { path: folder, pattern: `${pick(WORDS)}${tool === 'search_files' ? '*' : ''}` };
        break;
      }
      case 'read_multiple_files': {
        paths = [file, popular(tree.files), popular(tree.files)];
        args = { paths };
        break;
      }
      case 'write_file': {
        // Some writes create files never seen before: the path dictionary keeps growing.
        const target =
          random() < 0.6
            ? `${popular(tree.folders)}/${pick(WORDS)}-${seq.toString(36)}${pick(EXTENSIONS)}`
            : file;
        paths = [target];
        args = { path: target, content: { bytes: Math.floor(random() * 20_000), sha256: hex(64) } };
        break;
      }
      case 'move_file': {
        const destination = `${popular(tree.folders)}/${pick(WORDS)}-${seq.toString(36)}${pick(EXTENSIONS)}`;
        paths = [file, destination];
        args = { source: file, destination };
        break;
      }
      case 'list_allowed_directories':
        paths = [];
        args = {};
        break;
      default:
        paths = [file];
        args = { path: file };
    }
    let outcome = 'ok';
    let reason: string | undefined;
    const outcomeRoll = random();
    if (outcomeRoll < 0.03) {
      outcome = 'denied';
      const outside = pick(OUTSIDE);
      const kind = random();
      if (kind < 0.5) {
        paths = [];
        args = { path: outside };
        reason = `outside_workspace: "${outside}" is outside every workspace.`;
      } else if (kind < 0.8) {
        const guarded = `${tree.root}/${pick(['.env', '.env.local', 'secrets/.env.production'])}`;
        paths = [guarded];
        args = { path: guarded };
        reason = 'guarded: That file is protected: it may hold secrets.';
      } else {
        reason = 'read_only: This workspace is read-only.';
      }
    } else if (outcomeRoll < 0.06) {
      outcome = 'error';
      const kind = random();
      const name = (paths[0] ?? tree.root).split('/').at(-1) ?? '';
      reason =
        kind < 0.5
          ? `not_found: "${paths[0] ?? tree.root}" does not exist.`
          : kind < 0.7
            ? `too_large: ${name} is ${(10 + random() * 40).toFixed(1)} MB, over the 10 MB limit.`
            : kind < 0.9
              ? `no_match: Edit 1: oldText was not found in ${name}.`
              : 'timeout: The call was cancelled.';
    }
    return {
      ...base,
      event: 'tool_call',
      client,
      ...(keyName ? { keyName } : {}),
      transport,
      tool,
      args,
      ...(paths.length > 0 ? { paths } : {}),
      workspace: tree.root,
      outcome,
      ...(reason ? { reason } : {}),
      durationMs: round(random() ** 2 * 300),
      bytesIn: 40 + Math.floor(random() * 400),
      bytesOut: outcome === 'ok' ? Math.floor(random() ** 2 * 60_000) : 120,
      correlationId: hex(12),
      prev: previous,
      hash,
      mac,
    };
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
