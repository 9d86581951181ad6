/** Whether the person asked for help: `--help` or `-h` among a command's own words. */
export function asksForHelp(args: readonly string[]): boolean {
  const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  return own.includes('--help') || own.includes('-h');
}

/**
 * The part of the usage text about one command: its lines (`  airlock audit search ...`)
 * and their continuation lines. The most specific match wins (`audit search` over
 * `audit`), so one text serves `airlock --help` and every `airlock COMMAND --help`.
 * Undefined when no line is about `words[0]`.
 */
export function usageOf(usage: string, words: readonly string[]): string | undefined {
  const commands = words.filter((word) => /^[a-z][a-z-]*$/.test(word)).slice(0, 2);
  for (let count = commands.length; count > 0; count--) {
    const lines = linesAbout(usage, `airlock ${commands.slice(0, count).join(' ')}`);
    if (lines.length > 0) return `Usage:\n${lines.join('\n')}`;
  }
  return undefined;
}

function linesAbout(usage: string, prefix: string): string[] {
  const picked: string[] = [];
  let inside = false;
  for (const line of usage.split('\n')) {
    const command = /^ {2}airlock\b/.test(line);
    if (command) inside = line.slice(2) === prefix || line.slice(2).startsWith(`${prefix} `);
    // A continuation is indented further than a command line; a blank line ends the list.
    else if (!/^ {3,}\S/.test(line)) inside = false;
    if (inside) picked.push(line);
  }
  return picked;
}
