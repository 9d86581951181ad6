// Change history: what keeping every change's before-state costs, and how fast it gives
// things back. Run in this process, on a core assembled as `airlock serve --stdio` assembles
// it (inline file access, the audit log written before each answer), with the data dir and
// the workspace on the same file system, so old versions are kept by hard link.
//
// The reference for write_file is the same call with history off. Airlock has no switch for
// that, by design: the reference is a tool registered here beside the real write_file, on
// the same MCP server, behind the same tool kit (correlation id, deadline, size cap, audit
// record), whose body is write_file's without the capture: the same checks and change gate,
// then writeFileAtomically, with the same file access. The two are called in turn (A B,
// B A, ...) over one in-memory client, each once the other's work is over: write_file's
// bookkeeping after its answer is let finish, untimed, and timed on its own.
import { Client } from '@modelcontextprotocol/client';
import { InMemoryTransport, McpServer, type CallToolResult } from '@modelcontextprotocol/server';
import { mkdirSync, mkdtempSync, readdirSync, lstatSync, realpathSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { auditLogPath } from '../../main/core/audit/audit-location.ts';
import { toolCallEntry } from '../../main/core/audit/tool-call-entry.ts';
import { writeFileAtomically } from '../../main/core/fs/atomic-write.ts';
import { assertNoCredentialConfig } from '../../main/core/fs/credential-config.ts';
import { formatBytes } from '../../main/core/fs/read-text.ts';
import { restoreChange, rewindChanges } from '../../main/core/history/restore-change.ts';
import { createDiagnosticsLog } from '../../main/core/log/diagnostics.ts';
import { inlineFileAccess } from '../../main/core/platform/file-access.ts';
import { locateAirlockState } from '../../main/core/policy/airlock-state.ts';
import { currentPlatform } from '../../main/core/policy/platform.ts';
import { openGrantedWorkspace } from '../../main/core/policy/workspace.ts';
import { AccessSwitch } from '../../main/core/server/access-switch.ts';
import { assembleCore, type AssembledCore } from '../../main/core/server/assemble-core.ts';
import { newSessionId } from '../../main/core/server/create-airlock-server.ts';
import { SettingsFileSchema } from '../../main/core/settings/settings-schema.ts';
import { pathArgument } from '../../main/core/tools/common-schemas.ts';
import { defineTool, registerTools } from '../../main/core/tools/tool-kit.ts';
import { writeFile as writeFileTool } from '../../main/core/tools/write-file.ts';
import { pairedSamples } from '../paired-samples.ts';
import { verdict, type Row } from '../result.ts';
import { median, percentile } from '../stats.ts';

export interface HistoryPlan {
  /** Discarded calls, then timed calls, of each write_file pair. */
  readonly warmupWrites: number;
  readonly timedWrites: number;
  /** The 1 MiB writes are fewer: each keeps 1 MiB. */
  readonly timedLargeWrites: number;
  /** Single restores timed, each of its own change. */
  readonly restores: number;
  /** Changes undone by the timed rewind. */
  readonly rewindChanges: number;
  /** Overwrites of one 1 MiB file, for the disk history then uses. */
  readonly overwrites: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;
const REFERENCE = 'history off';

/** write_file's body without the capture: the reference "history off" (see the top). */
const writeFileWithoutHistory = defineTool({
  name: 'write_file_without_history',
  title: 'Write file (bench reference: no history)',
  description: 'The bench reference: write_file without keeping what it replaces.',
  inputSchema: z.object({ path: pathArgument, content: z.string() }),
  outputSchema: z.object({ path: z.string(), bytesWritten: z.number(), created: z.boolean() }),
  writes: true,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
  run: async ({ path: given, content }, { policy, approvals }) => {
    const data = Buffer.from(content, 'utf8');
    const target = await policy.resolveForCreate(given);
    const clearance = policy.assertMayChange(target, given);
    await assertNoCredentialConfig(policy.guard, target, policy.fileAccess);
    // write_file's change gate (nothing to ask in this folder), and its way to the folder.
    await approvals.approve({
      action: target.exists ? 'replace' : 'create',
      clearance,
      content: data,
    });
    await writeFileAtomically(target, data, { access: policy.fileAccess });
    return {
      text: `${target.exists ? 'Replaced' : 'Created'} ${target.real} (${formatBytes(data.length)}).`,
      data: { path: target.real, bytesWritten: data.length, created: !target.exists },
    };
  },
});

interface Bench {
  readonly root: string;
  readonly ws: string;
  readonly dataDir: string;
  readonly core: AssembledCore;
  readonly client: Client;
  call(tool: string, args: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

async function openBench(): Promise<Bench> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'airlock-bench-history-')));
  const ws = path.join(root, 'workspace');
  const dataDir = path.join(root, 'airlock-data');
  mkdirSync(ws);
  mkdirSync(dataDir, { mode: 0o700 });
  const platform = currentPlatform();
  const auditFile = auditLogPath(undefined, dataDir);
  const airlockState = await locateAirlockState(platform, { dataDir, auditFile });
  const core = await assembleCore({
    platform,
    workspaces: [await openGrantedWorkspace(platform, ws, 'write', airlockState)],
    settings: SettingsFileSchema.parse({}),
    dataDir,
    auditFile,
    airlockState,
    auditKey: undefined,
    access: new AccessSwitch(),
    log: createDiagnosticsLog({ stderr: false }),
    searchWorkerUrl: new URL('file:///nonexistent/search-worker.js'),
    fileAccess: inlineFileAccess,
  });
  // The tool kit as createAirlockServer sets it up for one stdio connection.
  const server = new McpServer({ name: 'airlock-bench', version: '0' });
  registerTools(server, [writeFileTool, writeFileWithoutHistory], {
    context: () => ({
      policy: core.policy,
      limits: core.limits,
      journal: core.journal,
      searchWorkerUrl: core.searchWorkerUrl,
    }),
    session: newSessionId('stdio'),
    log: core.log,
    onCallFinished: (call) =>
      core.audit.record(toolCallEntry(call, { transport: 'stdio' }, ws)).then(() => undefined),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'airlock-bench', version: '0' });
  await client.connect(clientSide);
  const call = async (tool: string, args: Record<string, unknown>) => {
    const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
    if (result.isError) throw new Error(`${tool} failed: ${JSON.stringify(result.content)}`);
    return result;
  };
  return {
    root,
    ws,
    dataDir,
    core,
    client,
    call,
    async close() {
      // The last write's bookkeeping, after its answer, is let finish before its folder goes.
      await core.journal.settled();
      await client.close();
      core.audit.close();
      rmSync(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** Text of `bytes` bytes, different for each `round`: every write replaces a new version. */
function content(bytes: number, round: number): string {
  const head = `round ${round} `;
  return head + 'x'.repeat(bytes - head.length);
}

function changeIdOf(result: CallToolResult): string {
  const id = (result.structuredContent as { changeId?: unknown } | undefined)?.changeId;
  if (typeof id !== 'string') throw new Error('write_file gave no change id');
  return id;
}

async function measureWrites(
  bench: Bench,
  bytes: number,
  warmup: number,
  count: number,
): Promise<Row> {
  const kept = path.join(bench.ws, `kept-${bytes}.txt`);
  const plain = path.join(bench.ws, `plain-${bytes}.txt`);
  await writeFile(kept, content(bytes, -1));
  await writeFile(plain, content(bytes, -1));
  let round = 0;
  // write_file's bookkeeping after its answer (the record's closing line, the old version's
  // move into the store) is let finish between calls, untimed, as it does between an
  // agent's calls; its own time is reported in the note.
  const bookkeeping: number[] = [];
  let afterKept = false;
  const samples = await pairedSamples(
    () => {
      afterKept = true;
      return bench.call('write_file', { path: kept, content: content(bytes, round++) });
    },
    () => {
      afterKept = false;
      return bench.call('write_file_without_history', {
        path: plain,
        content: content(bytes, round++),
      });
    },
    warmup,
    count,
    {
      between: async () => {
        const started = performance.now();
        await bench.core.journal.settled();
        if (afterKept) bookkeeping.push(performance.now() - started);
      },
    },
  );
  const airlockMs = median(samples.a);
  const referenceMs = median(samples.b);
  const ratio = airlockMs / referenceMs;
  return {
    measure: `write_file ${bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`} over a file, history kept, p50 (${count} calls)`,
    airlockMs,
    referenceName: REFERENCE,
    referenceMs,
    ratio,
    ratioLabel: 'A/R',
    target: '≤1.1x A/R',
    status: verdict(ratio <= 1.1),
    note: `p95 ${percentile(samples.a, 95).toFixed(2)} ms against ${percentile(samples.b, 95).toFixed(2)} ms; bookkeeping left after the answer p50 ${median(bookkeeping).toFixed(2)} ms`,
  };
}

async function measureRestore(bench: Bench, count: number): Promise<Row> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const file = path.join(bench.ws, 'restore', `file-${i}.txt`);
    if (i === 0) mkdirSync(path.dirname(file));
    await writeFile(file, content(2 * KiB, -1));
    ids.push(
      changeIdOf(await bench.call('write_file', { path: file, content: content(2 * KiB, i) })),
    );
  }
  const times: number[] = [];
  for (const id of ids) {
    const started = performance.now();
    await restoreChange(bench.core.journal, bench.core.policy, id);
    times.push(performance.now() - started);
  }
  const airlockMs = median(times);
  return {
    measure: `one restore of a 2 KiB write_file, p50 (${count} restores)`,
    airlockMs,
    referenceName: '',
    ratioLabel: '',
    target: '≤50 ms',
    status: verdict(airlockMs <= 50),
    note: `p95 ${percentile(times, 95).toFixed(2)} ms`,
  };
}

async function measureRewind(bench: Bench, count: number): Promise<Row> {
  const folder = path.join(bench.ws, 'rewind');
  mkdirSync(folder);
  const files = 100;
  for (let i = 0; i < files; i++)
    await writeFile(path.join(folder, `f-${i}.txt`), content(2 * KiB, -1));
  const since = new Date();
  // Ten changes to each of a hundred files: writes, some new files and some edits.
  for (let i = 0; i < count; i++) {
    const file = path.join(folder, i < files * 9 ? `f-${i % files}.txt` : `new-${i}.txt`);
    await bench.call('write_file', { path: file, content: content(2 * KiB, i) });
  }
  const started = performance.now();
  const result = await rewindChanges(bench.core.journal, bench.core.policy, { since });
  const airlockMs = performance.now() - started;
  if (result.stoppedAt) throw new Error(`the rewind stopped: ${result.stoppedAt.error.message}`);
  if (result.restores.length !== count)
    throw new Error(`the rewind undid ${result.restores.length} of ${count} changes`);
  return {
    measure: `a rewind of ${count.toLocaleString('en-US')} changes (2 KiB writes to 100 files)`,
    airlockMs,
    referenceName: '',
    ratioLabel: '',
    target: '≤5 s',
    status: verdict(airlockMs <= 5000),
    note: `${(airlockMs / count).toFixed(2)} ms a change undone`,
  };
}

/** The disk history's folder takes: every file's blocks, each inode once. */
function diskUsed(folder: string): number {
  const seen = new Set<number>();
  let bytes = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const stats = lstatSync(full);
      if (stats.isDirectory()) walk(full);
      else if (!seen.has(stats.ino)) {
        seen.add(stats.ino);
        bytes += stats.blocks * 512;
      }
    }
  };
  walk(folder);
  return bytes;
}

async function measureOverwrites(count: number): Promise<Row> {
  const used: number[] = [];
  // Each write a new version (history keeps them all), then the same version every time.
  for (const repeat of [false, true]) {
    const bench = await openBench();
    try {
      const file = path.join(bench.ws, 'large.bin');
      await writeFile(file, content(MiB, -1));
      const before = diskUsed(bench.core.journal.root);
      for (let i = 0; i < count; i++)
        await bench.call('write_file', { path: file, content: content(MiB, repeat ? 0 : i) });
      // The last write's old version reaches the store after its answer.
      await bench.core.journal.settled();
      used.push(diskUsed(bench.core.journal.root) - before);
    } finally {
      await bench.close();
    }
  }
  const [distinct = 0, same = 0] = used;
  const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
  return {
    measure: `history's disk after ${count} overwrites of one 1 MiB file`,
    referenceName: '',
    ratio: distinct / (count * MiB),
    ratioLabel: 'of the old versions',
    target: 'reported',
    status: 'INFO',
    note: `${mib(distinct)} when each write is a new version (${count} old versions of 1 MiB kept); ${mib(same)} when every write repeats the same content (stored once)`,
  };
}

export async function measureHistory(plan: HistoryPlan): Promise<Row[]> {
  const rows: Row[] = [];
  const bench = await openBench();
  try {
    rows.push(await measureWrites(bench, 2 * KiB, plan.warmupWrites, plan.timedWrites));
    rows.push(await measureWrites(bench, MiB, plan.warmupWrites, plan.timedLargeWrites));
    rows.push(await measureRestore(bench, plan.restores));
    rows.push(await measureRewind(bench, plan.rewindChanges));
  } finally {
    await bench.close();
  }
  rows.push(await measureOverwrites(plan.overwrites));
  return rows;
}
