// The benchmarks' report layout: a header, a rule, one fixed-width line per row, then the
// notes (already numbered by the caller) under "Notes:".
export function renderTextTable(
  header: readonly string[],
  cells: readonly (readonly string[])[],
  notes: readonly string[],
): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => (line[column] ?? '').length)),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...cells.map(line),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}
