// Calling tools: failures as exceptions, text of a result, and arguments adapted to a
// tool's published input schema (read from tools/list at run time).
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import type { Session } from './stdio-server.ts';

/** A tool answered with `isError: true`. */
export class ToolError extends Error {}

export async function callOk(
  session: Session,
  name: string,
  args: Record<string, unknown>,
  timeoutMs = 60_000,
): Promise<CallToolResult> {
  const result = await session.client.callTool({ name, arguments: args }, { timeout: timeoutMs });
  if (result.isError === true) {
    throw new ToolError(`${session.spec.label} ${name}: ${textOf(result).slice(0, 300)}`);
  }
  return result;
}

/** All text content blocks of a result, joined. */
export function textOf(result: CallToolResult): string {
  return result.content
    .map((block) => (block.type === 'text' ? block.text : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** A result's structured content when it is an object, else an empty record. */
function structuredOf(result: CallToolResult): Record<string, unknown> {
  const structured: unknown = result.structuredContent;
  return typeof structured === 'object' && structured !== null && !Array.isArray(structured)
    ? (structured as Record<string, unknown>)
    : {};
}

/** The longest text a result carries, in a content block or a top-level structured field. */
export function returnedChars(result: CallToolResult): number {
  const texts = result.content.map((block) => (block.type === 'text' ? block.text : ''));
  const fields = Object.values(structuredOf(result)).filter(
    (value): value is string => typeof value === 'string',
  );
  return Math.max(0, ...[...texts, ...fields].map((text) => text.length));
}

interface PropertySchema {
  type?: string | string[];
  maximum?: number;
}

function properties(tool: Tool): Record<string, PropertySchema> {
  return (tool.inputSchema.properties ?? {}) as Record<string, PropertySchema>;
}

function isType(schema: PropertySchema | undefined, type: string): boolean {
  if (schema === undefined) return false;
  return Array.isArray(schema.type) ? schema.type.includes(type) : schema.type === type;
}

export interface SearchIntent {
  path: string;
  pattern: string;
  /** Ask for a fixed-string match when the tool can be told so. */
  literal?: boolean;
  /** How many results a complete answer has; raises a result cap that would truncate it. */
  expectedResults: number;
}

/**
 * Builds arguments for a search tool from its input schema: the path and pattern under
 * whatever names it uses, a literal switch if it has one, and any result cap raised so
 * that a complete answer fits (a capped search would do less work than its rival).
 */
export function searchArgs(tool: Tool, intent: SearchIntent): Record<string, unknown> {
  const props = properties(tool);
  const first = (names: string[], fallback: string): string =>
    names.find((name) => name in props) ?? fallback;
  const args: Record<string, unknown> = {
    [first(['path', 'root', 'directory', 'dir'], 'path')]: intent.path,
    [first(['pattern', 'query', 'text', 'regex'], 'pattern')]: intent.pattern,
  };
  if (intent.literal === true) {
    if (isType(props['literal'], 'boolean')) args['literal'] = true;
    else if (isType(props['fixedStrings'], 'boolean')) args['fixedStrings'] = true;
    else if (isType(props['regex'], 'boolean')) args['regex'] = false;
    else if (isType(props['isRegex'], 'boolean')) args['isRegex'] = false;
  }
  for (const [name, schema] of Object.entries(props)) {
    const numeric = isType(schema, 'integer') || isType(schema, 'number');
    if (!numeric || !/^(max_?(results|matches|count|files)|limit)$/i.test(name)) continue;
    const wanted = Math.max(100, intent.expectedResults * 2);
    args[name] = Math.min(wanted, schema.maximum ?? wanted);
  }
  return args;
}

/**
 * The arguments that fetch the next page, when a result says there is one: either a cursor
 * (`nextCursor` → `cursor`) or an offset (`nextOffset` → `offset`), if the tool takes it.
 */
function nextPage(tool: Tool, result: CallToolResult): Record<string, unknown> | undefined {
  const props = properties(tool);
  const structured = structuredOf(result);
  const cursor = structured['nextCursor'] ?? structured['next_cursor'];
  if ('cursor' in props && typeof cursor === 'string' && cursor !== '') return { cursor };
  const offset = structured['nextOffset'] ?? structured['next_offset'];
  if ('offset' in props && typeof offset === 'number') return { offset };
  return undefined;
}

/**
 * Calls a tool and follows its pages (cursor or offset paging, read from the tool's schema
 * and the result), so a paged answer is measured complete. Returns every page's text.
 */
export async function callAllPages(
  session: Session,
  tool: Tool,
  args: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ text: string; pages: number }> {
  const texts: string[] = [];
  let next: Record<string, unknown> | undefined;
  let pages = 0;
  do {
    const result = await callOk(session, tool.name, { ...args, ...next }, timeoutMs);
    texts.push(textOf(result));
    pages++;
    next = nextPage(tool, result);
  } while (next !== undefined && pages < 1000);
  return { text: texts.join('\n'), pages };
}
