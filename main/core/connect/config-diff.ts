/**
 * A short before/after of the lines that differ, for --dry-run: the common lines at the
 * start and end are left out but for a little context. Not a minimal diff; it need not be.
 */
export function describeChange(before: string, after: string, context = 2): string {
  const old = splitLines(before);
  const next = splitLines(after);
  let head = 0;
  while (head < old.length && head < next.length && old[head] === next[head]) head += 1;
  let tail = 0;
  while (
    tail < old.length - head &&
    tail < next.length - head &&
    old[old.length - 1 - tail] === next[next.length - 1 - tail]
  )
    tail += 1;
  if (head === old.length && head === next.length) return '';
  const from = Math.max(0, head - context);
  const lines = [`@@ line ${from + 1} @@`];
  for (const line of old.slice(from, head)) lines.push(`  ${line}`);
  for (const line of old.slice(head, old.length - tail)) lines.push(`- ${line}`);
  for (const line of next.slice(head, next.length - tail)) lines.push(`+ ${line}`);
  for (const line of next.slice(next.length - tail, next.length - tail + context))
    lines.push(`  ${line}`);
  return `${lines.join('\n')}\n`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}
