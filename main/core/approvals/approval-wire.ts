import { z } from 'zod';
import {
  ApprovalIdSchema,
  ChangeActionSchema,
  ChangePreviewSchema,
  RequesterSchema,
  type ChangePreview,
} from '../../../preload/contract/approval-views.ts';
import { redactArguments } from '../audit/redact.ts';
import type { ApprovalAsk, ApprovalRefusal, ApprovalVerdict } from './approval-ask.ts';
import { REFUSAL_MESSAGES } from './approval-messages.ts';

/**
 * How a standalone server (`airlock serve --stdio` or `--http`) asks the running app, on the
 * local socket the bridge uses. It sends two lines at once:
 *
 *     {"airlock":"approval/1","token":"<bridge token>","client":"<the agent's client>"}
 *     {"ask":{<ApprovalAsk, arguments redacted>}}
 *
 * and the app answers ONE line, then closes:
 *
 *     {"ok":true,"verdict":{<ApprovalVerdict>}}     or     {"ok":false,"error":"<why>"}
 *
 * A refused handshake gets the bridge's refusal line. The standalone keeps its side open
 * until the answer: hanging up (its agent cancelled the call) ends the app's wait for the
 * person, and the request stays in the window, as for a cancelled call in the app.
 */
export const APPROVAL_PROTOCOL = 'approval/1';

/**
 * The longest request line the app reads. A preview's text is at most 64 Ki characters,
 * which JSON encodes in 384 KiB at worst; an ask that would be longer is made to fit first.
 */
export const MAX_APPROVAL_REQUEST_BYTES = 512 * 1024;

/** The longest answer line the standalone reads; a verdict is a few dozen bytes. */
export const MAX_APPROVAL_REPLY_BYTES = 16 * 1024;

/** Paths are as long as the system allows them (Windows: 32,767 characters). */
const MAX_PATH_LENGTH = 32 * 1024;

const RefusalSchema = z.enum(
  Object.keys(REFUSAL_MESSAGES) as [ApprovalRefusal, ...ApprovalRefusal[]],
);

/** An ApprovalAsk as the app accepts it from the socket. */
export const ApprovalAskSchema = z.object({
  requester: RequesterSchema,
  workspace: z.string().min(1).max(MAX_PATH_LENGTH),
  tool: z.string().min(1).max(200),
  args: z.record(z.string(), z.unknown()),
  callKey: z.string().regex(/^[0-9a-f]{64}$/),
  correlationId: z.string().regex(/^[0-9a-f]{8,64}$/),
  action: ChangeActionSchema,
  path: z.string().min(1).max(MAX_PATH_LENGTH),
  destination: z.string().min(1).max(MAX_PATH_LENGTH).optional(),
  launchPoint: z.boolean(),
  preview: ChangePreviewSchema,
  undoable: z.boolean(),
}) satisfies z.ZodType<ApprovalAsk>;

export const ApprovalVerdictSchema = z.discriminatedUnion('granted', [
  z.object({
    granted: z.literal(true),
    approvalId: ApprovalIdSchema,
    scope: z.enum(['once', 'hour']),
  }),
  z.object({
    granted: z.literal(false),
    refusal: RefusalSchema,
    approvalId: ApprovalIdSchema.optional(),
  }),
]) satisfies z.ZodType<ApprovalVerdict>;

const RequestSchema = z.object({ ask: ApprovalAskSchema });

const ReplySchema = z.union([
  z.object({ ok: z.literal(true), verdict: ApprovalVerdictSchema }),
  z.object({ ok: z.literal(false), error: z.string().max(MAX_APPROVAL_REPLY_BYTES) }),
]);

/**
 * The request line for one ask, newline included. Its arguments are redacted as the audit
 * log keeps them, whoever built the ask, so no file content ever crosses the socket. Too
 * long for the app to read, its preview is shortened; undefined if even that is too long.
 */
export function approvalRequestLine(ask: ApprovalAsk): string | undefined {
  const redacted: ApprovalAsk = { ...ask, args: redactArguments(ask.tool, ask.args) };
  for (const candidate of [redacted, { ...redacted, preview: shortened(redacted.preview) }]) {
    const line = `${JSON.stringify({ ask: candidate })}\n`;
    if (Buffer.byteLength(line) <= MAX_APPROVAL_REQUEST_BYTES) return line;
  }
  return undefined;
}

export type ParsedApprovalRequest =
  { readonly ok: true; readonly ask: ApprovalAsk } | { readonly ok: false; readonly error: string };

/** Reads a request line as the app receives it; what is not a well-formed ask is refused. */
export function parseApprovalRequest(line: string): ParsedApprovalRequest {
  const json = parseJson(line);
  if (json === undefined) {
    return { ok: false, error: 'Airlock expected an approval request as one line of JSON.' };
  }
  const parsed = RequestSchema.safeParse(json);
  if (!parsed.success) {
    // Names the fields, never their values: the sender may read this in its log.
    const fields = [
      ...new Set(parsed.error.issues.map((issue) => issue.path.join('.') || '(line)')),
    ];
    return {
      ok: false,
      error: `Airlock refused a malformed approval request (${fields.slice(0, 10).join(', ')}).`,
    };
  }
  return { ok: true, ask: parsed.data.ask };
}

/** The app's one answer line, newline included. */
export function approvalReplyLine(
  reply: { readonly verdict: ApprovalVerdict } | { readonly error: string },
): string {
  const body =
    'verdict' in reply ? { ok: true, verdict: reply.verdict } : { ok: false, error: reply.error };
  return `${JSON.stringify(body)}\n`;
}

/** The answer line as the standalone reads it; anything else but a verdict says why. */
export function parseApprovalReply(
  line: string,
): { readonly verdict: ApprovalVerdict } | { readonly error: string } {
  const parsed = ReplySchema.safeParse(parseJson(line));
  if (!parsed.success) return { error: 'the app did not answer with a verdict' };
  return parsed.data.ok ? { verdict: parsed.data.verdict } : { error: parsed.data.error };
}

/** A preview at most a quarter of the contract's size: the person still sees its start. */
function shortened(preview: ChangePreview): ChangePreview {
  const keep = 16 * 1024;
  switch (preview.kind) {
    case 'diff':
      return preview.diff.length <= keep
        ? preview
        : { ...preview, diff: upToLine(preview.diff, keep), truncated: true };
    case 'first-lines':
      return preview.text.length <= keep
        ? preview
        : { ...preview, text: upToLine(preview.text, keep), truncated: true };
    case 'folder':
      return { ...preview, sample: preview.sample.slice(0, 5) };
    case 'sizes':
    case 'nothing':
      return preview;
  }
}

/** The text's start, cut at a line's end when there is one within `length`. */
function upToLine(text: string, length: number): string {
  const cut = text.lastIndexOf('\n', length - 1);
  return cut > 0 ? text.slice(0, cut + 1) : text.slice(0, length);
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}
