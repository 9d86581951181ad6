import { ConnectError } from './connect-error.ts';

/**
 * A JSONC document as a tree of exact text ranges. The connect command edits a person's
 * config by splicing text at these ranges, so their comments, formatting and every other
 * member stay byte for byte as they were. Offsets count UTF-16 units of the text given.
 */
export type JsoncNode = JsoncObject | JsoncArray | JsoncScalar;

export interface JsoncObject {
  readonly kind: 'object';
  readonly start: number;
  /** Just past the closing brace. */
  readonly end: number;
  readonly members: readonly JsoncMember[];
}

export interface JsoncMember {
  readonly key: string;
  readonly keyStart: number;
  readonly value: JsoncNode;
  /** Where the comma after this member is, when there is one. */
  readonly commaAt: number | undefined;
}

export interface JsoncArray {
  readonly kind: 'array';
  readonly start: number;
  readonly end: number;
  readonly items: readonly JsoncItem[];
}

export interface JsoncItem {
  readonly value: JsoncNode;
  readonly commaAt: number | undefined;
}

export interface JsoncScalar {
  readonly kind: 'scalar';
  readonly start: number;
  readonly end: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const LITERAL = /true|false|null/y;

/**
 * Parses JSON with the two extensions VS Code and other editors allow: comments
 * (`//` and `/* *\/`) and trailing commas. Anything else is refused with the line and
 * column, so that a file we do not fully understand is never rewritten.
 */
export function parseJsoncTree(text: string): JsoncNode {
  let at = 0;

  const fail = (what: string): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new ConnectError('unreadable_config', `${what} at line ${line}, column ${column}`);
  };

  const skipBlank = (): void => {
    for (;;) {
      const char = text[at];
      if (char === ' ' || char === '\t' || char === '\n' || char === '\r') at += 1;
      else if (text.startsWith('//', at)) {
        const newline = text.indexOf('\n', at);
        at = newline === -1 ? text.length : newline + 1;
      } else if (text.startsWith('/*', at)) {
        const close = text.indexOf('*/', at + 2);
        if (close === -1) fail('a comment that never ends');
        at = close + 2;
      } else return;
    }
  };

  const match = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (!found) return undefined;
    at += found[0].length;
    return found[0];
  };

  const parseValue = (): JsoncNode => {
    skipBlank();
    const start = at;
    const char = text[at];
    if (char === '{') return parseObject();
    if (char === '[') return parseArray();
    if (match(STRING) ?? match(NUMBER) ?? match(LITERAL)) return { kind: 'scalar', start, end: at };
    return fail(char === undefined ? 'the text ends too early' : `unexpected "${char}"`);
  };

  const parseObject = (): JsoncObject => {
    const start = at;
    at += 1;
    const members: JsoncMember[] = [];
    for (;;) {
      skipBlank();
      if (text[at] === '}') break;
      const keyStart = at;
      const keyText = match(STRING);
      if (keyText === undefined) fail('expected a quoted key');
      const key = JSON.parse(keyText as string) as string;
      skipBlank();
      if (text[at] !== ':') fail('expected ":"');
      at += 1;
      const value = parseValue();
      skipBlank();
      const commaAt = text[at] === ',' ? at : undefined;
      members.push({ key, keyStart, value, commaAt });
      if (commaAt === undefined) {
        if (text[at] !== '}') fail('expected "," or "}"');
        break;
      }
      at += 1;
    }
    at += 1;
    return { kind: 'object', start, end: at, members };
  };

  const parseArray = (): JsoncArray => {
    const start = at;
    at += 1;
    const items: JsoncItem[] = [];
    for (;;) {
      skipBlank();
      if (text[at] === ']') break;
      const value = parseValue();
      skipBlank();
      const commaAt = text[at] === ',' ? at : undefined;
      items.push({ value, commaAt });
      if (commaAt === undefined) {
        if (text[at] !== ']') fail('expected "," or "]"');
        break;
      }
      at += 1;
    }
    at += 1;
    return { kind: 'array', start, end: at, items };
  };

  const root = parseValue();
  skipBlank();
  if (at !== text.length) fail('unexpected text after the end');
  return root;
}

/** The plain value of a node. Keys such as "__proto__" stay ordinary own properties. */
export function jsoncValue(text: string, node: JsoncNode): unknown {
  if (node.kind === 'scalar') return JSON.parse(text.slice(node.start, node.end));
  if (node.kind === 'array') return node.items.map((item) => jsoncValue(text, item.value));
  const object: Record<string, unknown> = {};
  for (const member of node.members) {
    Object.defineProperty(object, member.key, {
      value: jsoncValue(text, member.value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return object;
}
