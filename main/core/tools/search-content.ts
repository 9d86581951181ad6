import { availableParallelism } from 'node:os';
import { relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { Limits } from '../policy/limits.ts';
import type { NamePatterns } from '../policy/name-patterns.ts';
import { PolicyError } from '../policy/policy-error.ts';
import { readMasking, writeMasking } from '../secrets/file-masking.ts';
import type { GuardSettings } from '../policy/sensitive-guard.ts';
import {
  airlockStateNote,
  pagingArguments,
  pathArgument,
  readOnlyAnnotations,
  truncationNote,
} from './common-schemas.ts';
import { entryName } from './entry-names.ts';
import { compileGlob, compileGlobs, globOptionsFor, type Glob } from './glob.ts';
import type {
  BatchResult,
  ContentMatch,
  FolderJob,
  FromWorker,
  SearchQuery,
  SkipCounts,
  ToWorker,
} from './search-content-worker.ts';
import {
  excludePatternsArgument,
  resolveFolder,
  SEARCH_MAX_DEPTH,
  searchedFolderLine,
} from './search-files.ts';
import { defineTool } from './tool-kit.ts';
import { throwIfAborted, walkTree, type WalkedFolder } from './walk-tree.ts';

export const DEFAULT_CONTENT_LIMIT = 100;
export const MAX_LINE_CHARS = 300;
const MAX_PATTERN_LENGTH = 1000;
/** Files per batch for a worker: big enough to be cheap to send, small enough to overlap the walk. */
const BATCH_FILES = 128;

export const searchContent = defineTool({
  name: 'search_content',
  title: 'Search file contents',
  description: `Find lines containing a text in files below a folder, like grep. Lines are cut to about ${MAX_LINE_CHARS} characters; binary, too large and protected files and links are skipped.`,
  inputSchema: z.object({
    path: pathArgument,
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH),
    literal: z.boolean().optional().describe('false: pattern is a JavaScript regex.'),
    caseSensitive: z.boolean().optional(),
    includePattern: z.string().min(1).max(1024).optional(),
    excludePatterns: excludePatternsArgument,
    contextLines: z.number().int().min(0).max(3).optional(),
    offset: pagingArguments.offset,
    limit: pagingArguments.limit.describe(`Default ${DEFAULT_CONTENT_LIMIT}.`),
  }),
  writes: false,
  annotations: readOnlyAnnotations,
  run: async (input, { policy, limits, signal, searchWorkerUrl, secrets }) => {
    const offset = input.offset ?? 0;
    const limit = Math.min(input.limit ?? DEFAULT_CONTENT_LIMIT, limits.maxEntries);
    const mask = writeMasking(secrets);
    const query = {
      ...prepareQuery(input, limits, policy.guard.settings),
      ...(mask ? { secrets: mask } : {}),
    };
    const root = await resolveFolder(policy, input.path, 'search_content');
    const globOptions = globOptionsFor(policy.platform);
    const include =
      input.includePattern === undefined
        ? undefined
        : compileGlob(input.includePattern, globOptions);
    const exclude = compileGlobs(input.excludePatterns ?? [], globOptions);
    let hiddenLinks = 0;
    let hiddenAirlockState = 0;
    // Where a folder sits decides whether its files' secrets are masked: its workspace's
    // setting (a nested workspace may differ) and the exempt names.
    const maskingOf = (folder: WalkedFolder): FolderMasking | undefined => {
      if (!secrets) return undefined;
      const placed = policy.classifyReal(folder.real) ?? {
        workspace: root.workspace,
        segments: [...root.segments, ...folder.relative],
      };
      if (!readMasking(secrets, placed)) return undefined;
      return { segments: placed.segments, exempt: secrets.exempt };
    };

    async function* batches(): AsyncGenerator<FolderJob[]> {
      let batch: FolderJob[] = [];
      let files = 0;
      const walk = walkTree(policy, root, { signal, maxDepth: SEARCH_MAX_DEPTH, exclude });
      for await (const folder of walk) {
        hiddenLinks += folder.hiddenLinks;
        hiddenAirlockState += folder.hiddenAirlockState;
        const job = searchableFiles(
          folder,
          include,
          (name) => policy.guard.needsContentCheck(name),
          maskingOf(folder),
        );
        if (job.names.length === 0) continue;
        batch.push(job);
        files += job.names.length;
        if (files >= BATCH_FILES) {
          yield batch;
          batch = [];
          files = 0;
        }
      }
      if (batch.length > 0) yield batch;
    }

    const outcome = await searchInWorkers(
      searchWorkerUrl,
      query,
      batches(),
      { offset, limit },
      signal,
    );
    return answer(outcome, root.real, offset, limits, hiddenLinks, hiddenAirlockState);
  },
});

/**
 * Files the policy lets a worker read: plain files only. Guarded files are never sent;
 * links are not followed (like ripgrep), which also keeps a file from being searched twice.
 */
function searchableFiles(
  folder: WalkedFolder,
  include: Glob | undefined,
  needsContentCheck: (name: string) => boolean,
  masking: FolderMasking | undefined,
): FolderJob {
  const names: string[] = [];
  const contentChecks: number[] = [];
  const shownSecrets: number[] = [];
  for (const entry of folder.entries) {
    if (entry.kind !== 'file' || entry.guarded || entry.isLink) continue;
    if (include && !include.matches(entry.relative, false)) continue;
    if (needsContentCheck(entry.name)) contentChecks.push(names.length);
    if (masking?.exempt.matchesChild(masking.segments, entry.name)) shownSecrets.push(names.length);
    names.push(entry.name);
  }
  return {
    real: folder.real,
    names,
    contentChecks,
    maskSecrets: masking !== undefined,
    shownSecrets,
  };
}

/** A folder whose files' secrets are masked: where it is, for the exempt names. */
interface FolderMasking {
  readonly segments: readonly string[];
  readonly exempt: NamePatterns;
}

interface PatternInput {
  readonly pattern: string;
  readonly literal?: boolean | undefined;
  readonly caseSensitive?: boolean | undefined;
  readonly contextLines?: number | undefined;
}

/** Checks the pattern here, so a malformed one is a clear refusal rather than a worker failure. */
export function prepareQuery(
  input: PatternInput,
  limits: Limits,
  guard: GuardSettings,
): SearchQuery {
  const foldCase = input.caseSensitive === false;
  const literal = input.literal !== false;
  const base = {
    foldCase,
    contextLines: input.contextLines ?? 0,
    maxReadBytes: limits.maxReadBytes,
    maxLineChars: MAX_LINE_CHARS,
    guard,
  };
  if (literal)
    return {
      ...base,
      mode: 'literal',
      pattern: foldCase ? input.pattern.toLowerCase() : input.pattern,
      flags: '',
    };
  // Unicode mode only when the pattern needs it: V8's linear-time fallback cannot run it.
  const flags = /\\[pP]\{|\\u\{/.test(input.pattern) ? 'gmu' : 'gm';
  // Case is folded by lower-casing both sides instead of the `i` flag, which the linear engine refuses.
  const pattern = foldCase ? lowerCasePattern(input.pattern) : input.pattern;
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    const reason =
      error instanceof Error
        ? error.message.replace(/^Invalid regular expression: /, '')
        : 'invalid';
    throw new PolicyError(
      'invalid_argument',
      `The pattern is not a valid regular expression (${reason.slice(0, 200)}). Pass literal: true to search for the text as written.`,
    );
  }
  return { ...base, mode: 'regex', pattern, flags };
}

/** Lower-cases a regular expression's literal characters, leaving escapes (`\W`, `\p{Lu}`) as written. */
export function lowerCasePattern(source: string): string {
  let out = '';
  for (let index = 0; index < source.length; index += 1) {
    const char = source[index] as string;
    if (char !== '\\') {
      out += char.toLowerCase();
      continue;
    }
    const property = /^\\[pP]\{[^}]*\}/.exec(source.slice(index, index + 64));
    const escape = property ? property[0] : source.slice(index, index + 2);
    out += escape;
    index += escape.length - 1;
  }
  return out;
}

function answer(
  summary: SearchOutcome,
  folder: string,
  offset: number,
  limits: Limits,
  hiddenLinks: number,
  hiddenAirlockState: number,
) {
  // A page of long lines could outgrow one response; cut it and let the agent page on.
  const budget = Math.floor(limits.maxResponseBytes / 4);
  let used = 0;
  let fits = 0;
  for (const match of summary.matches) {
    used += sizeOf(match);
    if (used > budget && fits > 0) break;
    fits += 1;
  }
  const matches = summary.matches.slice(0, fits);
  const remaining = Math.max(0, summary.total - offset - matches.length);
  const nextOffset = remaining > 0 ? offset + matches.length : undefined;
  const body =
    matches.length > 0
      ? `${searchedFolderLine(folder)}\n${formatMatches(matches, folder)}`
      : 'No matches found';
  return {
    text:
      body +
      truncationNote(remaining, nextOffset) +
      `\n${describeCoverage(summary, hiddenLinks)}` +
      airlockStateNote(hiddenAirlockState),
    data: { total: summary.total, nextOffset },
  };
}

function sizeOf(match: ContentMatch): number {
  const context = [...(match.before ?? []), ...(match.after ?? [])];
  return (
    64 +
    2 * (match.path.length + match.text.length) +
    context.reduce((sum, line) => sum + 2 * line.length + 8, 0)
  );
}

/**
 * ripgrep's heading layout: a file's path relative to the folder once, then its lines as
 * `line: text`, context lines as `line- text`, and `--` between a file's separate groups.
 * Naming the path once per file instead of once per line paid most when files match often.
 */
function formatMatches(matches: readonly ContentMatch[], folder: string): string {
  const lines: string[] = [];
  let current: string | undefined;
  for (const match of matches) {
    if (match.path !== current) {
      current = match.path;
      lines.push(relativeName(folder, match.path));
    } else if (match.before !== undefined) {
      lines.push('  --');
    }
    (match.before ?? []).forEach((text, at, all) =>
      lines.push(`  ${match.line - all.length + at}- ${text}`),
    );
    lines.push(`  ${match.line}: ${match.text}`);
    (match.after ?? []).forEach((text, at) => lines.push(`  ${match.line + at + 1}- ${text}`));
  }
  return lines.join('\n');
}

/** A path below the folder searched (the workers join with node:path), names read back exactly. */
function relativeName(folder: string, real: string): string {
  return relative(folder, real).split(sep).map(entryName).join(sep);
}

function describeCoverage(summary: SearchOutcome, hiddenLinks: number): string {
  const { binary, tooLarge, protected: guarded, changed } = summary.skipped;
  const skipped = [
    binary > 0 ? `${binary} binary` : '',
    tooLarge > 0 ? `${tooLarge} too large to read` : '',
    guarded > 0 ? `${guarded} protected` : '',
    changed > 0 ? `${changed} changed during the search` : '',
    hiddenLinks > 0 ? `${hiddenLinks} link(s) leading outside the allowed directories` : '',
  ].filter(Boolean);
  const files = `${summary.filesSearched} file${summary.filesSearched === 1 ? '' : 's'}`;
  return `(${summary.total} matching line(s) in ${files} searched${skipped.length > 0 ? `; skipped ${skipped.join(', ')}` : ''})`;
}

// ---- The workers: kept warm between calls; a busy or hung one is never shared -----------

/** Workers per search: reading and matching is CPU-bound once the files are cached. */
const MAX_WORKERS = Math.max(1, Math.min(4, availableParallelism()));
const warmWorkers = new Map<string, Worker[]>();

function takeWorker(url: URL): Worker {
  const warm = warmWorkers.get(url.href)?.pop();
  if (warm) {
    warm.ref();
    return warm;
  }
  // stdout: true keeps anything a worker might print off the stdio transport. (Not read:
  // the worker prints nothing, and a flowing stream would keep the process alive.)
  const worker = new Worker(url, { stdout: true, resourceLimits: { maxOldGenerationSizeMb: 512 } });
  // A worker that dies while idle is simply forgotten.
  worker.on('error', () => undefined);
  worker.once('exit', () => {
    const idle = warmWorkers.get(url.href);
    const at = idle?.indexOf(worker) ?? -1;
    if (idle && at >= 0) idle.splice(at, 1);
  });
  return worker;
}

function keepWarm(url: URL, worker: Worker): void {
  const idle = warmWorkers.get(url.href) ?? [];
  warmWorkers.set(url.href, idle);
  if (idle.length >= MAX_WORKERS) {
    void worker.terminate();
    return;
  }
  // An idle worker must not keep the process alive.
  worker.unref();
  idle.push(worker);
}

export interface SearchOutcome {
  readonly matches: ContentMatch[];
  readonly total: number;
  readonly filesSearched: number;
  readonly skipped: SkipCounts;
}

/**
 * Hands batches of folders to workers as the walk produces them and merges their answers
 * in batch order, so the result is the same however the work was shared out. When the call
 * is cancelled or times out every worker is terminated, which also stops a runaway regex.
 */
export async function searchInWorkers(
  url: URL,
  query: SearchQuery,
  batches: AsyncIterable<FolderJob[]>,
  window: { readonly offset: number; readonly limit: number },
  signal: AbortSignal,
): Promise<SearchOutcome> {
  throwIfAborted(signal);
  const end = window.offset + window.limit;
  const merged = {
    matches: [] as ContentMatch[],
    total: 0,
    filesSearched: 0,
    skipped: { binary: 0, tooLarge: 0, protected: 0, changed: 0 },
  };
  const waiting = new Map<number, BatchResult>();
  let nextToMerge = 0;
  let sent = 0;
  let walked = false;
  const busy = new Map<Worker, number>();
  const detach: Array<() => void> = [];
  let failure: unknown;
  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const finished = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  finished.catch(() => undefined);
  const fail = (error: unknown) => {
    failure ??= error;
    settle.reject(failure);
  };

  const mergeReady = () => {
    for (let result = waiting.get(nextToMerge); result; result = waiting.get(nextToMerge)) {
      waiting.delete(nextToMerge);
      nextToMerge += 1;
      result.matches.forEach((match, at) => {
        const index = merged.total + at;
        if (index >= window.offset && index < end) merged.matches.push(match);
      });
      merged.total += result.total;
      merged.filesSearched += result.filesSearched;
      for (const key of Object.keys(merged.skipped) as Array<keyof SkipCounts>)
        merged.skipped[key] += result.skipped[key];
    }
    if (walked && nextToMerge === sent) settle.resolve();
  };

  const enlist = (): Worker => {
    const worker = takeWorker(url);
    const onMessage = (message: FromWorker) => {
      if (message.kind === 'failed')
        return fail(new Error(`search worker failed: ${message.message}`));
      busy.set(worker, (busy.get(worker) ?? 1) - 1);
      waiting.set(message.id, message.result);
      mergeReady();
    };
    const onExit = (code: number) => fail(new Error(`search worker stopped (exit code ${code})`));
    worker.on('message', onMessage);
    worker.on('error', fail);
    worker.on('exit', onExit);
    detach.push(() => {
      worker.off('message', onMessage);
      worker.off('error', fail);
      worker.off('exit', onExit);
    });
    busy.set(worker, 0);
    worker.postMessage({ kind: 'query', query } satisfies ToWorker);
    return worker;
  };

  /** An idle worker if there is one, a new one while under the cap, else the least busy. */
  const pick = (): Worker => {
    let best: Worker | undefined;
    for (const [worker, load] of busy)
      if (best === undefined || load < (busy.get(best) ?? 0)) best = worker;
    if (best !== undefined && (busy.get(best) === 0 || busy.size >= MAX_WORKERS)) return best;
    return enlist();
  };

  const onAbort = () => {
    for (const worker of busy.keys()) void worker.terminate();
    try {
      throwIfAborted(signal);
    } catch (error) {
      fail(error);
    }
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const folders of batches) {
      if (failure !== undefined) break;
      const worker = pick();
      busy.set(worker, (busy.get(worker) ?? 0) + 1);
      // Only matches that can still land in the requested page travel back in full.
      const keep = Math.max(0, end - merged.total);
      worker.postMessage({ kind: 'batch', id: sent, folders, keep } satisfies ToWorker);
      sent += 1;
    }
    walked = true;
    mergeReady();
    await finished;
    return merged;
  } finally {
    signal.removeEventListener('abort', onAbort);
    for (const undo of detach) undo();
    for (const worker of busy.keys()) {
      if (failure === undefined && !signal.aborted) keepWarm(url, worker);
      else void worker.terminate();
    }
  }
}
