import { isDeepStrictEqual } from 'node:util';
import { ConnectError } from './connect-error.ts';
import { hasId, type ConfigEdit } from './config-edit.ts';
import { jsoncValue, parseJsoncTree, type JsoncArray, type JsoncObject } from './jsonc-tree.ts';

/** How the file is written, so that inserted text looks like the text around it. */
export interface TextStyle {
  readonly eol: string;
  readonly indentUnit: string;
}

export function detectStyle(text: string): TextStyle {
  return {
    eol: text.includes('\r\n') ? '\r\n' : '\n',
    indentUnit: /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ',
  };
}

/**
 * Makes one edit by replacing only the text of our entry (or inserting it, or cutting it
 * out); everything else in the file keeps its exact bytes. A structure we cannot edit
 * without guessing (a root that is not an object, a duplicated key) is refused.
 */
export function spliceEdit(text: string, edit: ConfigEdit, style: TextStyle): string {
  const source = text.trim() === '' ? '{}' : text;
  const root = parseJsoncTree(source);
  if (root.kind !== 'object') throw unusual('the file is not a JSON object');
  const containers = root.members.filter((member) => member.key === edit.container);
  if (containers.length > 1) throw unusual(`"${edit.container}" appears more than once`);
  const container = containers[0]?.value;
  const remove = edit.value === undefined;
  if (container === undefined) {
    if (remove) return text;
    const fresh = edit.kind === 'member' ? { [edit.name]: edit.value } : [edit.value];
    return setMember(source, root, edit.container, fresh, style);
  }
  if (edit.kind === 'member') {
    if (container.kind !== 'object') throw unusual(`"${edit.container}" is not an object`);
    const found = container.members.filter((member) => member.key === edit.name);
    if (found.length > 1) throw unusual(`"${edit.container}.${edit.name}" appears more than once`);
    const existing = found[0];
    if (remove) {
      return existing ? cut(source, container, container.members.indexOf(existing)) : text;
    }
    if (existing && isDeepStrictEqual(jsoncValue(source, existing.value), edit.value)) return text;
    return setMember(source, container, edit.name, edit.value, style);
  }
  if (container.kind !== 'array') throw unusual(`"${edit.container}" is not a list`);
  const indexes = container.items
    .map((item, index) => (hasId(jsoncValue(source, item.value), edit.id) ? index : -1))
    .filter((index) => index !== -1);
  if (indexes.length > 1) throw unusual(`"${edit.container}" holds "${edit.id}" more than once`);
  const index = indexes[0];
  if (remove) return index === undefined ? text : cut(source, container, index);
  if (index !== undefined) {
    const item = container.items[index];
    if (item && isDeepStrictEqual(jsoncValue(source, item.value), edit.value)) return text;
  }
  return setItem(source, container, index, edit.value, style);
}

function unusual(why: string): ConnectError {
  return new ConnectError(
    'unusual_config',
    `The config file has a shape Airlock will not edit automatically (${why}). Nothing was changed; add the entry by hand (see "airlock connect snippet").`,
  );
}

function setMember(
  text: string,
  object: JsoncObject,
  name: string,
  value: unknown,
  style: TextStyle,
): string {
  const existing = object.members.find((member) => member.key === name);
  if (existing) {
    const indent = lineIndent(text, existing.keyStart);
    return replace(text, existing.value.start, existing.value.end, render(value, indent, style));
  }
  const entry = (indent: string) => `${JSON.stringify(name)}: ${render(value, indent, style)}`;
  const last = object.members.at(-1);
  const tail = last && { end: last.value.end, commaAt: last.commaAt };
  return insertEntry(text, object, tail, entry, style);
}

function setItem(
  text: string,
  array: JsoncArray,
  index: number | undefined,
  value: unknown,
  style: TextStyle,
): string {
  const existing = index === undefined ? undefined : array.items[index];
  if (existing) {
    const indent = lineIndent(text, existing.value.start);
    return replace(text, existing.value.start, existing.value.end, render(value, indent, style));
  }
  return insertEntry(text, array, lastOf(array), (indent) => render(value, indent, style), style);
}

/**
 * Appends an entry on its own line after the last one (and after any comment on that
 * line), or fills an empty container. It follows the file's habit for a trailing comma,
 * so that removing it later gives back the original bytes.
 */
function insertEntry(
  text: string,
  container: JsoncObject | JsoncArray,
  last: { end: number; commaAt: number | undefined } | undefined,
  entry: (indent: string) => string,
  style: TextStyle,
): string {
  const base = lineIndent(text, container.start);
  const first =
    container.kind === 'object' ? container.members[0]?.keyStart : container.items[0]?.value.start;
  const indent =
    first !== undefined && startsLine(text, first)
      ? lineIndent(text, first)
      : base + style.indentUnit;
  if (last !== undefined) {
    const trailingComma = last.commaAt !== undefined;
    const at = endOfLine(text, trailingComma ? (last.commaAt as number) + 1 : last.end);
    const added = replace(
      text,
      at,
      at,
      `${style.eol}${indent}${entry(indent)}${trailingComma ? ',' : ''}`,
    );
    return trailingComma ? added : replace(added, last.end, last.end, ',');
  }
  const inside = text.slice(container.start + 1, container.end - 1);
  if (inside.trim() === '') {
    const filled = `${style.eol}${indent}${entry(indent)}${style.eol}${base}`;
    return replace(text, container.start + 1, container.end - 1, filled);
  }
  // Only comments inside: they stay, after our entry.
  return replace(
    text,
    container.start + 1,
    container.start + 1,
    `${style.eol}${indent}${entry(indent)}`,
  );
}

/**
 * Where the line that `from` is on ends, when only blanks and comments follow on it;
 * otherwise `from` itself (the container is written on one line).
 */
function endOfLine(text: string, from: number): number {
  let at = from;
  for (;;) {
    while (text[at] === ' ' || text[at] === '\t') at += 1;
    if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at + 2);
      if (close === -1 || text.slice(at, close).includes('\n')) return from;
      at = close + 2;
    } else if (text.startsWith('//', at)) {
      const newline = text.indexOf('\n', at);
      if (newline === -1) return from;
      return text[newline - 1] === '\r' ? newline - 1 : newline;
    } else if (text[at] === '\r' || text[at] === '\n') return at;
    else return from;
  }
}

/** Removes one entry with its comma, and its whole line when it stood alone on it. */
function cut(text: string, container: JsoncObject | JsoncArray, index: number): string {
  const entries =
    container.kind === 'object'
      ? container.members.map((m) => ({ start: m.keyStart, end: m.value.end, commaAt: m.commaAt }))
      : container.items.map((i) => ({
          start: i.value.start,
          end: i.value.end,
          commaAt: i.commaAt,
        }));
  const entry = entries[index];
  if (!entry) return text;
  const previous = entries[index - 1];
  let start = entry.start;
  let end = entry.commaAt === undefined ? entry.end : entry.commaAt + 1;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const after = /^[ \t]*\r?\n/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(lineStart, start))) {
    if (after) end += after[0].length;
    // Not alone on its line (a container written on one line): take the line break before it.
    else if (lineStart > 0) start = text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
    if (after) start = lineStart;
  }
  const cutOut = replace(text, start, end, '');
  // The last entry goes: the comma before it would now trail, which strict JSON refuses.
  if (entry.commaAt === undefined && previous?.commaAt !== undefined) {
    return replace(cutOut, previous.commaAt, previous.commaAt + 1, '');
  }
  return cutOut;
}

function lastOf(array: JsoncArray): { end: number; commaAt: number | undefined } | undefined {
  const last = array.items.at(-1);
  return last && { end: last.value.end, commaAt: last.commaAt };
}

function render(value: unknown, indent: string, style: TextStyle): string {
  return JSON.stringify(value, null, style.indentUnit).replaceAll('\n', `${style.eol}${indent}`);
}

function lineIndent(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
}

function startsLine(text: string, at: number): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, at));
}

function replace(text: string, start: number, end: number, insert: string): string {
  return text.slice(0, start) + insert + text.slice(end);
}
