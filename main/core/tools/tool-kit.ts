import { randomFillSync } from 'node:crypto';
import path from 'node:path';
import type { CallToolResult, McpServer, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import type { Requester } from '../../../preload/contract/approval-views.ts';
import type { Approver } from '../approvals/approval-ask.ts';
import { changeGate, type ChangeGate } from '../approvals/change-gate.ts';
import type { CallerIdentity } from '../audit/tool-call-entry.ts';
import { changeRecorder, type ChangeCall, type ChangeRecorder } from '../history/capture-change.ts';
import type { ChangeJournal } from '../history/change-journal.ts';
import type { DiagnosticsLog } from '../log/diagnostics.ts';
import type { Limits } from '../policy/limits.ts';
import type { PathPolicy } from '../policy/path-policy.ts';
import type { SecretsMasking } from '../secrets/file-masking.ts';
import type { HiddenCounts } from '../secrets/hidden-summary.ts';
import { SecretPlaceholderError } from '../secrets/secret-placeholder-error.ts';
import {
  isPolicyError,
  PAUSED_MESSAGE,
  PolicyError,
  type PolicyErrorCode,
} from '../policy/policy-error.ts';
import { cacheJsonSchema } from './cached-json-schema.ts';
import { raceDeadline, startCallDeadline } from './call-deadline.ts';
import type { CallOutcome } from '../../../preload/contract/vocabulary.ts';

/** What a connection's calls share: the grant in force, its limits, and the change history. */
export interface ConnectionContext {
  readonly policy: PathPolicy;
  readonly limits: Limits;
  /** The process's change history: every change a tool makes is recorded there first. */
  readonly journal: ChangeJournal;
  /** The worker script for content search; absent where workers are unavailable. */
  readonly searchWorkerUrl: URL;
  /** Who asks the person before a change that waits for their OK; absent, it is refused. */
  readonly approver?: Approver;
  /** How secrets inside files are masked (see file-masking.ts); absent, nothing is. */
  readonly secrets?: SecretsMasking;
}

/** What every tool handler gets: the connection's context, and this call's own. */
export interface ToolContext extends ConnectionContext {
  readonly signal: AbortSignal;
  /**
   * Who makes this call: its correlation id (which is also the id of the change it makes,
   * linking the change to the call's audit record), the tool, the client and its session.
   */
  readonly call: ChangeCall;
  /** The capture helpers a change tool calls right before its change, bound to this call. */
  readonly changes: ChangeRecorder;
  /**
   * The person's OK, where they asked for it: a change tool passes its change here after the
   * policy's checks and before its capture, and changes nothing unless it resolves.
   */
  readonly approvals: ChangeGate;
}

/**
 * A tool's answer before it is wrapped for MCP: text for the model, and data that names what
 * the call touched and changed, for its audit record. Only the fields a tool's output schema
 * declares are sent as structured content; the rest of the data stays here.
 */
export interface ToolAnswer<Data> {
  readonly text: string;
  readonly data: Data;
  /** Extra content blocks (images, audio) placed before the text. */
  readonly media?: CallToolResult['content'];
}

/**
 * `Data` must hold what `Output` declares: the tool kit parses it through the schema on
 * every call. (Not a type constraint: a dry run's data, which has no change, shares no
 * field with an all-optional schema, and TypeScript refuses that as a weak type.)
 */
export interface ToolDefinition<
  Input extends z.ZodObject,
  Output extends z.ZodObject = z.ZodObject,
  Data extends object = z.infer<Output>,
> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: Input;
  /**
   * Declared only where a program needs what the text says in words: a change's id and
   * whether it can be undone. A tool that declares one must send structured content
   * matching it (MCP), so a tool without one sends its answer once, as text.
   */
  readonly outputSchema?: Output;
  /** Changes files: hidden when no workspace is writable. */
  readonly writes: boolean;
  readonly annotations: Required<
    Pick<ToolAnnotations, 'readOnlyHint' | 'destructiveHint' | 'idempotentHint'>
  >;
  readonly run: (input: z.infer<Input>, context: ToolContext) => Promise<ToolAnswer<Data>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyToolDefinition = ToolDefinition<any, any, any>;

export function defineTool<
  Input extends z.ZodObject,
  Output extends z.ZodObject = z.ZodObject,
  Data extends object = z.infer<Output>,
>(definition: ToolDefinition<Input, Output, Data>): ToolDefinition<Input, Output, Data> {
  return definition;
}

/** What the audit record says of the change a call made, if it made one. */
export interface CallChange {
  readonly changeId: string;
  readonly undoable: boolean;
  /** Why it cannot be undone, when it cannot. */
  readonly reason?: string;
}

/** Told about every finished call; the audit trail listens here. */
export interface ToolCallRecord {
  readonly tool: string;
  /** The arguments as the client sent them; the audit redacts them before writing. */
  readonly args: unknown;
  /** The client's name and version from MCP clientInfo, when it gave one. */
  readonly client?: string;
  readonly correlationId: string;
  readonly outcome: CallOutcome;
  /** A policy code and its safe message; never a stack trace. */
  readonly reason?: string;
  /** Real paths the call reported touching (all inside a workspace). */
  readonly paths: readonly string[];
  readonly durationMs: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** The change the call made, for a call that changed something. */
  readonly change?: CallChange;
  /** The approval the change went ahead on, where the person was asked. */
  readonly approval?: string;
  /** Secrets inside files: how many values the answer hid, and a write put back. Never a value. */
  readonly secrets?: CallSecrets;
}

/** What the audit record says of the secrets a call hid or put back: counts only. */
export interface CallSecrets {
  readonly hidden?: HiddenCounts;
  readonly restored?: number;
}

export interface ToolHost {
  /** The grant and limits for this connection, read at each call so changes apply at once. */
  readonly context: () => ConnectionContext;
  /**
   * The MCP session (or connection) the calls belong to: recorded with each change, so
   * undo_change can hold a client to the changes of its own session.
   */
  readonly session?: string;
  /** How the client reached Airlock, and with which key: part of who asks for approval. */
  readonly caller?: CallerIdentity;
  readonly log: DiagnosticsLog;
  /** Whether the person paused all access: every call is then refused. */
  readonly isPaused?: () => boolean;
  /** Awaited before each call, so a grant still being narrowed is never used too wide. */
  readonly beforeCall?: () => Promise<void>;
  /** Awaited before the result is sent: a call is answered only once it is recorded. */
  readonly onCallFinished?: (record: ToolCallRecord) => Promise<void> | void;
}

// Correlation ids are cut from a pool of random bytes, refilled 4 KiB at a time: one call
// into the system's generator per 680 ids, and no string surgery per call.
const ID_BYTES = 6;
const idPool = Buffer.alloc(4096);
let idPoolUsed = idPool.length;

/** Twelve random hex digits: enough to find one call in the logs, and unguessable. */
export function newCorrelationId(): string {
  if (idPoolUsed + ID_BYTES > idPool.length) {
    randomFillSync(idPool);
    idPoolUsed = 0;
  }
  const id = idPool.toString('hex', idPoolUsed, idPoolUsed + ID_BYTES);
  idPoolUsed += ID_BYTES;
  return id;
}

/** Refusals by the person's grant or Airlock's protections, as against failures. */
const DENIALS: ReadonlySet<PolicyErrorCode> = new Set([
  'outside_workspace',
  'guarded',
  'protected',
  'airlock_state',
  'read_only',
  'paused',
  'not_own_change',
  'approval_denied',
  'approval_waiting',
  'approval_expired',
  'approval_limit',
  'approval_unavailable',
  // Airlock's protection of a secret inside a file: a placeholder it cannot put back.
  'secret_placeholder',
]);

/** Registers tools on an MCP server, wrapping each call with limits and safe errors. */
export function registerTools(
  server: McpServer,
  tools: readonly AnyToolDefinition[],
  host: ToolHost,
): void {
  const writable = host.context().policy.anyWritable;
  for (const tool of tools) {
    if (tool.writes && !writable) continue;
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: cacheJsonSchema(tool.inputSchema),
        ...(tool.outputSchema ? { outputSchema: cacheJsonSchema(tool.outputSchema) } : {}),
        annotations: listedAnnotations(tool.annotations),
      },
      (input: unknown, ctx: { mcpReq: { signal: AbortSignal } }) =>
        runTool(tool, input, ctx.mcpReq.signal, host, clientName(server)),
    );
  }
}

/**
 * A tool's hints as tools/list shows them. Whether a tool destroys or repeats safely means
 * something only for a tool that changes files (MCP), so a read-only tool says neither:
 * twenty tokens of every tools/list for nothing.
 */
function listedAnnotations(hints: AnyToolDefinition['annotations']): ToolAnnotations {
  return hints.readOnlyHint
    ? { readOnlyHint: true, openWorldHint: false }
    : { ...hints, openWorldHint: false };
}

/** Who asks, as the person is shown it: the client's own name, and how it came in. */
function requesterOf(caller: CallerIdentity | undefined, client: string | undefined): Requester {
  const transport =
    caller?.transport === 'socket' || caller?.transport === 'http' ? caller.transport : 'stdio';
  return {
    client: client ?? 'an unnamed app',
    transport,
    ...(caller?.keyName ? { keyName: caller.keyName } : {}),
  };
}

function clientName(server: McpServer): string | undefined {
  // Deprecated for per-request envelopes, but still filled on every era this server serves.
  const info = server.server.getClientVersion();
  return info ? `${info.name} ${info.version}`.slice(0, 200) : undefined;
}

async function runTool(
  tool: AnyToolDefinition,
  input: unknown,
  requestSignal: AbortSignal,
  host: ToolHost,
  client: string | undefined,
): Promise<CallToolResult> {
  const correlationId = newCorrelationId();
  const started = performance.now();
  await host.beforeCall?.();
  const base = host.context();
  const deadline = startCallDeadline(requestSignal, base.limits.callTimeoutMs);
  const signal = deadline.signal;
  // The change a call makes takes the call's correlation id: the two records join on it.
  const call: ChangeCall = {
    id: correlationId,
    tool: tool.name,
    ...(client ? { client } : {}),
    ...(host.session ? { session: host.session } : {}),
  };
  const changes = changeRecorder(base.journal, call, base.policy.fileAccess);
  const approvals = changeGate(base.approver, {
    tool: tool.name,
    args: input,
    correlationId,
    requester: requesterOf(host.caller, client),
    policy: base.policy,
    limits: base.limits,
    maxFileBytes: base.journal.limits.maxFileBytes,
    signal,
    withoutTimeLimit: (work) => deadline.paused(work),
  });
  const finish = async (
    result: CallToolResult,
    outcome: ToolCallRecord['outcome'],
    reason?: string,
    paths: readonly string[] = [],
    bytesOut: number = contentBytes(result),
    change?: CallChange,
    secrets?: CallSecrets,
  ): Promise<CallToolResult> => {
    // A change tool that failed may still have changed something: the journal knows.
    change ??=
      tool.writes && outcome !== 'ok' ? await recordedChange(base.journal, call.id) : undefined;
    try {
      await host.onCallFinished?.({
        tool: tool.name,
        args: input,
        ...(client ? { client } : {}),
        correlationId,
        outcome,
        ...(reason ? { reason } : {}),
        paths,
        durationMs: performance.now() - started,
        bytesIn: JSON.stringify(input ?? {}).length,
        bytesOut,
        ...(change ? { change } : {}),
        ...(approvals.approvalId ? { approval: approvals.approvalId } : {}),
        ...(secrets ? { secrets } : {}),
      });
    } catch (error) {
      host.log.error(
        `could not record tool ${tool.name} in the audit log (ref: ${correlationId})`,
        {
          error: describe(error),
        },
      );
      return failure(
        `Airlock could not record this call in its audit log, so it cannot confirm the result. Ask the person to check Airlock. (ref: ${correlationId})`,
      );
    }
    return result;
  };
  try {
    if (host.isPaused?.()) throw new PolicyError('paused', PAUSED_MESSAGE);
    const answer = await raceDeadline(
      runRecorded(tool, input, { ...base, signal, call, changes, approvals }),
      signal,
    );
    deadline.dispose();
    const structured = structuredOf(tool, answer.data);
    const result: CallToolResult = {
      content: [...(answer.media ?? []), { type: 'text', text: answer.text }],
      ...(structured ? { structuredContent: structured } : {}),
    };
    const bytesOut = contentBytes(result);
    const budget = base.limits.maxResponseBytes - bytesOut;
    // Serializing the data only to measure it costs as much as sending it; a cheap upper
    // bound settles the common case, and only an answer near the limit is measured exactly.
    if (
      budget < 0 ||
      (structured !== undefined &&
        jsonLengthBound(structured) > budget &&
        JSON.stringify(structured).length > budget)
    ) {
      throw new PolicyError(
        'too_large',
        'The answer is larger than Airlock sends in one response. Ask for less: use head/tail, offset/limit, or a narrower path.',
      );
    }
    return await finish(
      result,
      'ok',
      undefined,
      pathsIn(answer.data),
      bytesOut,
      changeIn(answer.data),
      secretsIn(answer.data),
    );
  } catch (caught) {
    deadline.dispose();
    // Its message quotes only the agent's own text, never a value: safe to answer.
    const error =
      caught instanceof SecretPlaceholderError
        ? new PolicyError('secret_placeholder', caught.message)
        : caught;
    if (isPolicyError(error)) {
      const outcome = DENIALS.has(error.code) ? 'denied' : 'error';
      return finish(
        failure(`${error.message} (ref: ${correlationId})`),
        outcome,
        `${error.code}: ${error.message}`,
      );
    }
    host.log.error(`tool ${tool.name} failed (ref: ${correlationId})`, { error: describe(error) });
    return finish(
      failure(
        `Airlock could not complete this request because of an unexpected problem. (ref: ${correlationId})`,
      ),
      'error',
      'internal',
    );
  }
}

/**
 * Runs the tool, then closes its recorder: a change it began and left open (it failed in
 * between) is settled by the disk before the call is recorded, and its paths freed.
 */
async function runRecorded(
  tool: AnyToolDefinition,
  input: unknown,
  context: ToolContext,
): Promise<ToolAnswer<unknown>> {
  try {
    return await tool.run(input, context);
  } finally {
    await context.changes.close();
  }
}

/**
 * What a call sends as structured content: its data as the output schema sees it, the
 * fields the schema does not declare left out (zod's objects strip unknown keys). Nothing
 * for a tool that declares no schema: its text says everything once.
 */
function structuredOf(tool: AnyToolDefinition, data: unknown): Record<string, unknown> | undefined {
  if (!tool.outputSchema) return undefined;
  return (tool.outputSchema as z.ZodObject).parse(data);
}

/** The real paths a tool's answer names: `path`, `source`, `destination`, `files[].resolvedPath`. */
function pathsIn(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  const record = data as Record<string, unknown>;
  const named = ['path', 'source', 'destination'].map((key) => record[key]);
  const files = Array.isArray(record.files)
    ? record.files.map((file: unknown) => (file as { resolvedPath?: unknown }).resolvedPath)
    : [];
  // Only real paths: a refused entry of read_multiple_files keeps the agent's own text.
  return [...named, ...files].filter(
    (value): value is string => typeof value === 'string' && path.isAbsolute(value),
  );
}

/** The change a change tool's answer names: `changeId`, `undoable`, `notUndoableReason`. */
function changeIn(data: unknown): CallChange | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { changeId, undoable, notUndoableReason } = data as Record<string, unknown>;
  if (typeof changeId !== 'string' || typeof undoable !== 'boolean') return undefined;
  return {
    changeId,
    undoable,
    ...(typeof notUndoableReason === 'string' ? { reason: notUndoableReason } : {}),
  };
}

/** What a tool's answer counts of secrets: `secretsHidden` and `secretsRestored`. */
function secretsIn(data: unknown): CallSecrets | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { secretsHidden, secretsRestored } = data as Record<string, unknown>;
  const hidden = secretsHidden as HiddenCounts | undefined;
  const restored = typeof secretsRestored === 'number' ? secretsRestored : undefined;
  if (!hidden?.total && !restored) return undefined;
  return {
    ...(hidden?.total ? { hidden } : {}),
    ...(restored ? { restored } : {}),
  };
}

/** The change call `id` left in history, if any: read only after a change tool failed. */
async function recordedChange(journal: ChangeJournal, id: string): Promise<CallChange | undefined> {
  const record = await journal.read(id).catch(() => undefined);
  if (!record) return undefined;
  return {
    changeId: record.id,
    undoable: record.undoable && record.status === 'done',
    ...(record.reason ? { reason: record.reason } : {}),
  };
}

function failure(text: string): CallToolResult {
  return { content: [{ type: 'text', text }], isError: true };
}

function contentBytes(result: CallToolResult): number {
  return result.content.reduce((sum, block) => sum + blockSize(block), 0);
}

/**
 * At least as long as JSON.stringify(value): every string counted as if each character
 * needed a six-character escape. Infinity for what it does not know, or nests too deep.
 */
export function jsonLengthBound(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return 2 + 6 * value.length;
    case 'number':
      // The longest is 25 characters, such as -0.0000012345678901234567.
      return 25;
    case 'boolean':
    case 'undefined':
      return 9;
    case 'object': {
      if (value === null) return 4;
      // toJSON (a Date, a Buffer) serializes as something else entirely.
      if (depth > 32 || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
        return Infinity;
      }
      let size = 2;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) size += 1 + jsonLengthBound(item, depth + 1);
        return size;
      }
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        size += 4 + 6 * key.length + jsonLengthBound(record[key], depth + 1);
      }
      return size;
    }
    default:
      return Infinity;
  }
}

function blockSize(block: CallToolResult['content'][number]): number {
  if (block.type === 'text') return Buffer.byteLength(block.text);
  if (block.type === 'image' || block.type === 'audio') return block.data.length;
  return 0;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
