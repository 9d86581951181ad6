// Small helpers for the core unit tests: temp folders removed after the test file, a
// policy over them, a tool context, and a way to assert a PolicyError code.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { Approver } from '../../main/core/approvals/approval-ask.ts';
import { changeGate, type ChangeGate } from '../../main/core/approvals/change-gate.ts';
import { changeRecorder, type ChangeCall } from '../../main/core/history/capture-change.ts';
import { ChangeJournal } from '../../main/core/history/change-journal.ts';
import { DEFAULT_LIMITS, type Limits } from '../../main/core/policy/limits.ts';
import { pooledFileAccess, type FileAccess } from '../../main/core/platform/file-access.ts';
import { PathPolicy } from '../../main/core/policy/path-policy.ts';
import { linuxPlatform } from '../../main/core/policy/platform.ts';
import { PolicyError, type PolicyErrorCode } from '../../main/core/policy/policy-error.ts';
import { defaultProtections } from '../helpers/protections.ts';
import { openWorkspace } from '../../main/core/policy/workspace.ts';
import {
  newCorrelationId,
  type AnyToolDefinition,
  type ToolContext,
} from '../../main/core/tools/tool-kit.ts';
import type { WorkspaceAccess } from '../../preload/contract/vocabulary.ts';

const made: string[] = [];

// Registered when a test file imports this module, so it runs once that file's tests are done.
after(async () => {
  await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
});

/** A fresh, realpath'd temp folder, removed when the test file finishes. */
export async function tempDir(label = 'core'): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), `airlock-${label}-`)));
  made.push(dir);
  return dir;
}

/** Writes a file below `base`, creating its parents; returns its absolute path. */
export async function put(
  base: string,
  relative: string,
  content: string | Uint8Array,
): Promise<string> {
  const full = path.join(base, relative);
  await mkdir(path.dirname(full), { recursive: true });
  await writeFile(full, content);
  return full;
}

/** A temp layout: a workspace, an outside folder next to it, and a data dir. */
export interface Layout {
  readonly root: string;
  readonly ws: string;
  readonly outside: string;
  readonly dataDir: string;
}

export async function makeLayout(): Promise<Layout> {
  const root = await tempDir();
  const ws = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  const dataDir = path.join(root, 'data');
  await Promise.all([ws, outside, dataDir].map((dir) => mkdir(dir)));
  return { root, ws, outside, dataDir };
}

/** A Linux policy over one workspace with the default guard. */
export async function makePolicy(
  ws: string,
  access: WorkspaceAccess = 'write',
  fileAccess: FileAccess = pooledFileAccess,
): Promise<PathPolicy> {
  return new PathPolicy(
    linuxPlatform,
    [await openWorkspace(linuxPlatform, ws, access)],
    defaultProtections(linuxPlatform),
    fileAccess,
  );
}

export interface ContextOptions {
  readonly access?: WorkspaceAccess;
  readonly limits?: Partial<Limits>;
}

/** The client and session the unit tests' calls come from. */
export const TEST_CALLER = { client: 'Test Client 1.0', session: 'test-session' } as const;

/**
 * The context a tool handler gets, over one workspace and a data dir whose change history
 * it records in. Its call is a first one; runTool gives each call its own, as the tool kit does.
 */
export async function makeContext(
  ws: string,
  dataDir: string,
  options: ContextOptions = {},
): Promise<ToolContext> {
  const policy = await makePolicy(ws, options.access ?? 'write');
  const journal = await ChangeJournal.open(dataDir);
  const call: ChangeCall = { id: newCorrelationId(), tool: 'test', ...TEST_CALLER };
  return {
    policy,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    journal,
    signal: new AbortController().signal,
    searchWorkerUrl: new URL('file:///nonexistent/search-worker.js'),
    call,
    changes: changeRecorder(journal, call, policy.fileAccess),
    approvals: callGate(undefined, 'test', {}, policy, journal),
  };
}

/** The change gate of one call from the test client, as the tool kit builds it. */
export function callGate(
  approver: Approver | undefined,
  tool: string,
  args: unknown,
  policy: PathPolicy,
  journal: ChangeJournal,
  limits: Limits = DEFAULT_LIMITS,
): ChangeGate {
  return changeGate(approver, {
    tool,
    args,
    correlationId: newCorrelationId(),
    requester: { client: TEST_CALLER.client, transport: 'stdio' },
    policy,
    limits,
    maxFileBytes: journal.limits.maxFileBytes,
    signal: new AbortController().signal,
    withoutTimeLimit: (work) => work,
  });
}

/**
 * Runs a tool the way the server does: the input goes through the tool's schema first, and
 * the call gets a correlation id of its own, which any change it makes takes as its id.
 */
export async function runTool<Tool extends AnyToolDefinition>(
  tool: Tool,
  input: Record<string, unknown>,
  context: ToolContext,
): Promise<Awaited<ReturnType<Tool['run']>>> {
  const call: ChangeCall = { ...context.call, id: newCorrelationId(), tool: tool.name };
  const changes = changeRecorder(context.journal, call, context.policy.fileAccess);
  const args: unknown = tool.inputSchema.parse(input);
  const approvals = callGate(
    context.approver,
    tool.name,
    args,
    context.policy,
    context.journal,
    context.limits,
  );
  return (await tool.run(args, { ...context, call, changes, approvals })) as Awaited<
    ReturnType<Tool['run']>
  >;
}

/** Asserts that `work` fails with a PolicyError of `code`; returns the error for more checks. */
export async function rejectsWith(
  work: Promise<unknown> | (() => Promise<unknown>),
  code: PolicyErrorCode,
): Promise<PolicyError> {
  const promise = typeof work === 'function' ? work() : work;
  let caught: unknown;
  await promise.then(
    () => assert.fail(`expected a PolicyError '${code}', but the call succeeded`),
    (error: unknown) => {
      caught = error;
    },
  );
  assert.ok(
    caught instanceof PolicyError,
    `expected a PolicyError '${code}', got ${String(caught)}`,
  );
  assert.equal(caught.code, code, `expected '${code}', got '${caught.code}': ${caught.message}`);
  return caught;
}

/** Names in a folder, sorted. */
export async function namesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}
