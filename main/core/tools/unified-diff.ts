/**
 * A unified diff of two texts, line by line, using Myers' O((N+M)D) algorithm after
 * trimming the common head and tail, so the usual small edit in a large file is cheap.
 */
export function unifiedDiff(name: string, before: string, after: string, context = 3): string {
  const a = splitLines(before);
  const b = splitLines(after);
  const operations = diffLines(a, b);
  const hunks = groupHunks(operations, context);
  if (hunks.length === 0) return '';
  const header = [`--- ${name}\toriginal`, `+++ ${name}\tmodified`];
  return [...header, ...hunks.flatMap((hunk) => renderHunk(hunk))].join('\n') + '\n';
}

type Operation = { kind: ' ' | '-' | '+'; line: string; aIndex: number; bIndex: number };

/** Lines with their terminators, so a missing final newline is a difference too. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * How many lines the two share at their start (`head`) and, after that, at their end
 * (`tail`): only the middle needs comparing.
 */
export function commonEnds(
  a: readonly string[],
  b: readonly string[],
): { head: number; tail: number } {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  return { head, tail };
}

function diffLines(a: string[], b: string[]): Operation[] {
  const { head, tail } = commonEnds(a, b);
  const middle = myers(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  const operations: Operation[] = [];
  for (let index = 0; index < head; index += 1)
    operations.push({ kind: ' ', line: a[index] as string, aIndex: index, bIndex: index });
  for (const op of middle)
    operations.push({ ...op, aIndex: op.aIndex + head, bIndex: op.bIndex + head });
  for (let index = tail; index > 0; index -= 1) {
    operations.push({
      kind: ' ',
      line: a[a.length - index] as string,
      aIndex: a.length - index,
      bIndex: b.length - index,
    });
  }
  return operations;
}

function myers(a: string[], b: string[]): Operation[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const goDown =
        k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = goDown ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) break outer;
    }
  }
  const operations: Operation[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const previous = trace[d] as Int32Array;
    const k = x - y;
    const goDown =
      k === -d ||
      (k !== d && (previous[offset + k - 1] as number) < (previous[offset + k + 1] as number));
    const previousK = goDown ? k + 1 : k - 1;
    const previousX = previous[offset + previousK] as number;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      operations.push({ kind: ' ', line: a[x] as string, aIndex: x, bIndex: y });
    }
    if (d > 0) {
      if (x === previousX) {
        y -= 1;
        operations.push({ kind: '+', line: b[y] as string, aIndex: x, bIndex: y });
      } else {
        x -= 1;
        operations.push({ kind: '-', line: a[x] as string, aIndex: x, bIndex: y });
      }
    }
  }
  return operations.reverse();
}

function groupHunks(operations: Operation[], context: number): Operation[][] {
  const shown = new Uint8Array(operations.length);
  operations.forEach((op, index) => {
    if (op.kind === ' ') return;
    const from = Math.max(0, index - context);
    const to = Math.min(operations.length - 1, index + context);
    shown.fill(1, from, to + 1);
  });
  const hunks: Operation[][] = [];
  let current: Operation[] = [];
  operations.forEach((op, index) => {
    if (shown[index]) {
      current.push(op);
      return;
    }
    if (current.length > 0) hunks.push(current);
    current = [];
  });
  if (current.length > 0) hunks.push(current);
  return hunks;
}

function renderHunk(hunk: Operation[]): string[] {
  const first = hunk[0] as Operation;
  const aCount = hunk.filter((op) => op.kind !== '+').length;
  const bCount = hunk.filter((op) => op.kind !== '-').length;
  const aStart = aCount === 0 ? first.aIndex : first.aIndex + 1;
  const bStart = bCount === 0 ? first.bIndex : first.bIndex + 1;
  return [`@@ -${aStart},${aCount} +${bStart},${bCount} @@`, ...hunk.map(renderLine)];
}

function renderLine(op: Operation): string {
  if (op.line.endsWith('\n')) return `${op.kind}${op.line.slice(0, -1)}`;
  return `${op.kind}${op.line}\n\\ No newline at end of file`;
}
