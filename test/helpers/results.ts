// Small assertions over tool results shared by the integration and attack suites.
import type { CallToolResult, Client } from '@modelcontextprotocol/client';
import assert from 'node:assert/strict';

export type ToolArgs = Record<string, unknown>;

export function call(
  client: Client,
  name: string,
  args: ToolArgs,
  timeout = 30_000,
): Promise<CallToolResult> {
  return client.callTool({ name, arguments: args }, { timeout });
}

/** The text blocks of a result, joined by newlines. */
export function textOf(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' ? block.text : ''))
    .filter(Boolean)
    .join('\n');
}

/** Everything a result carries, including decoded binary payloads, as one string. */
export function everythingIn(result: unknown): string {
  const parts = [JSON.stringify(result)];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if ((key === 'data' || key === 'blob') && typeof inner === 'string') {
          parts.push(Buffer.from(inner, 'base64').toString('latin1'));
        } else visit(inner);
      }
    }
  };
  visit(result);
  return parts.join('\n');
}

/** The correlation id a failure message carries, e.g. "(ref: 1a2b3c4d5e6f)". */
const CORRELATION_ID = /\b(?:ref|correlation(?: id)?|id)\b[\s:#=]+[0-9a-z][0-9a-z-]{5,}/i;
const STACK_FRAME = /\n\s+at\s|\bat .+\.(?:[cm]?js|ts):\d+|node:internal/;

/**
 * Asserts a refusal that is safe to show an agent: an error result, short, with a
 * correlation id, no stack trace and none of the `forbidden` strings (outside paths,
 * secret content).
 */
export function assertRefused(
  result: CallToolResult,
  forbidden: readonly string[] = [],
  what = 'call',
): string {
  const text = textOf(result);
  assert.equal(result.isError, true, `${what} should be refused, got: ${text.slice(0, 300)}`);
  assert.ok(text.length > 0, `${what}: a refusal carries a message`);
  assert.ok(text.length < 2000, `${what}: the refusal message is short (${text.length} chars)`);
  assert.match(text, CORRELATION_ID, `${what}: the refusal carries a correlation id: ${text}`);
  assert.doesNotMatch(text, STACK_FRAME, `${what}: no stack trace in: ${text}`);
  assertNoLeak(result, forbidden, what);
  return text;
}

/** Asserts none of the strings appears anywhere in the result, binary payloads included. */
export function assertNoLeak(result: unknown, forbidden: readonly string[], what = 'call'): void {
  const all = everythingIn(result);
  for (const needle of forbidden) {
    assert.ok(!all.includes(needle), `${what}: result leaks ${JSON.stringify(needle)}`);
  }
}

/** Asserts the call succeeded and returns its text. */
export function assertOk(result: CallToolResult, what = 'call'): string {
  const text = textOf(result);
  assert.notEqual(result.isError, true, `${what} should succeed, got: ${text.slice(0, 500)}`);
  return text;
}

/** The server still answers: list_allowed_directories succeeds and names the workspace. */
export async function assertAlive(client: Client, workspace: string): Promise<void> {
  const result = await call(client, 'list_allowed_directories', {}, 10_000);
  const text = assertOk(result, 'list_allowed_directories');
  assert.ok(text.includes(workspace), `list_allowed_directories names ${workspace}: ${text}`);
}

/** Runs a call that must be refused with a safe tool error; returns the message. */
export async function expectRefusal(
  client: Client,
  name: string,
  args: ToolArgs,
  forbidden: readonly string[],
): Promise<string> {
  const what = `${name} ${JSON.stringify(args).slice(0, 200)}`;
  return assertRefused(await call(client, name, args), forbidden, what);
}
