// Nothing lost (issue 19, section 2): Airlock's answers are cheaper than the official
// filesystem server's, and every fact the official answer gives can be read back from
// them. Both servers run on the token benchmark's folders; each task of the benchmark is
// called on both, Airlock's answer is parsed back into facts (names, kinds, full paths,
// sizes, match lines), and those are compared with the facts of the official answer.
// Where Airlock's answer stops at a limit, the test does what the answer says to see the
// rest, so "recoverable" is checked, not assumed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { createTokenFixtures, type TokenFixtures } from '../../bench/tokens/fixtures.ts';
import { airlockTokenServer, officialTokenServer } from '../../bench/tokens/servers.ts';
import {
  canonicalPaths,
  runTask,
  taskById,
  type TaskId,
  type TaskRun,
} from '../../bench/tokens/tasks.ts';
import type { ServerSpec } from '../../bench/servers.ts';
import { CLI_PATH, serverEnv } from '../helpers/server.ts';
import { textOf } from '../helpers/results.ts';

async function connect(spec: ServerSpec, home: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: spec.command,
    args: spec.args,
    env: { ...serverEnv(home), ...spec.env },
  });
  const client = new Client({ name: 'nothing-lost', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A set as a sorted list, so a difference shows as a readable diff. */
const sorted = (items: Iterable<string>): string[] => [...new Set(items)].sort();

// ---- The official server's answers, read as facts ---------------------------------------

interface OfficialNode {
  name: string;
  type: 'file' | 'directory';
  children?: OfficialNode[];
}

/** Every entry of the official JSON tree as "path" or "path/" (a folder), below the root. */
function officialTree(text: string): string[] {
  const out: string[] = [];
  const visit = (nodes: readonly OfficialNode[], prefix: string): void => {
    for (const node of nodes) {
      const relative = prefix + node.name;
      out.push(node.type === 'directory' ? `${relative}/` : relative);
      visit(node.children ?? [], `${relative}/`);
    }
  };
  visit(JSON.parse(text) as OfficialNode[], '');
  return sorted(out);
}

/** `[DIR] name` / `[FILE] name  size`: each entry as "name" or "name/", and its size text. */
function officialListing(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tagged = /^\[(DIR|FILE)\] (.*?)\s*(\d+(?:\.\d+)? [KMGT]?B)?\s*$/.exec(line);
    if (!tagged) continue;
    const [, tag, name = '', size = ''] = tagged;
    entries.set(tag === 'DIR' ? `${name}/` : name, size);
  }
  return entries;
}

/** The official server's size wording (its lib.js formatSize), to compare exact bytes with. */
function officialSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  if (bytes <= 0) return '0 B';
  const unit = Math.min(Math.floor(Math.log(bytes) / Math.log(1024)), units.length - 1);
  return unit === 0 ? `${bytes} B` : `${(bytes / 1024 ** unit).toFixed(2)} ${units[unit]}`;
}

// ---- Airlock's answers, read back ------------------------------------------------------

/** A name as Airlock writes it: bare, or a JSON string when it could be misread. */
function nameOf(written: string): string {
  return written.startsWith('"') ? (JSON.parse(written) as string) : written;
}

interface AirlockTree {
  root: string;
  /** Entries as "path" or "path/", below the root. */
  entries: string[];
  /** Folders (below the root) the answer says it did not open or did not list in full. */
  unfinished: string[];
}

/**
 * The indented tree: the root's path ending in "/", then one entry a line, two spaces a
 * level; a folder ends in "/", "…" after a folder not opened, "… N more" for a folder's
 * entries left out; notes after a blank line.
 */
function airlockTree(text: string): AirlockTree {
  const [drawing = ''] = text.split('\n\n');
  const [rootLine = '', ...lines] = drawing.split('\n');
  const tree: AirlockTree = { root: rootLine.replace(/\/$/, ''), entries: [], unfinished: [] };
  const stack: string[] = [];
  for (const line of lines) {
    const depth = (line.length - line.trimStart().length) / 2;
    const body = line.trimStart();
    stack.length = depth - 1;
    const more = /^… \d+ more$/.exec(body);
    if (more) {
      tree.unfinished.push(stack.join('/'));
      continue;
    }
    const entry = /^(.+?)(\/)?( …| \[(?:protected|link|unreadable)\])?$/.exec(body);
    assert.ok(entry, `a tree line reads back: ${JSON.stringify(line)}`);
    const [, written = '', slash, mark] = entry;
    const relative = [...stack, nameOf(written)].join('/');
    tree.entries.push(slash ? `${relative}/` : relative);
    if (mark === ' …') tree.unfinished.push(relative);
    stack.push(nameOf(written));
  }
  return tree;
}

/**
 * Everything below `folder`, as an agent would see it: the tree, then the tree of each
 * folder the answer says it left unfinished, until none is.
 */
async function wholeAirlockTree(client: Client, folder: string): Promise<string[]> {
  const entries = new Set<string>();
  const waiting = [''];
  let calls = 0;
  while (waiting.length > 0) {
    const below = waiting.shift() as string;
    const result = await client.callTool({
      name: 'directory_tree',
      arguments: { path: below === '' ? folder : path.join(folder, below) },
    });
    calls += 1;
    assert.notEqual(result.isError, true, textOf(result as never));
    const tree = airlockTree(textOf(result as never));
    const prefix = below === '' ? '' : `${below}/`;
    for (const entry of tree.entries) entries.add(prefix + entry);
    for (const more of tree.unfinished) waiting.push(prefix + more);
    assert.ok(calls < 200, 'the tree is read in a bounded number of calls');
  }
  return sorted(entries);
}

/** `In /folder:`, then paths below it: the full paths. */
function airlockFoundPaths(text: string): string[] {
  const lines = text.split('\n');
  const found: string[] = [];
  let folder: string | undefined;
  for (const line of lines) {
    const header = /^In (.+):$/.exec(line);
    if (header) folder = header[1];
    else if (folder !== undefined && !/^(…|\()/.test(line) && line !== '') {
      found.push(path.join(folder, ...line.split('/').map(nameOf)));
    }
  }
  return sorted(found);
}

/**
 * A unified diff's changes: each removed line with its number in the old file, each added
 * line with its number in the new one. Context lines are the file's, not the edit's: the
 * official server shows four around a change, Airlock three, as git does.
 */
function diffChanges(text: string): string[] {
  const changes: string[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const line of text.split('\n')) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
    } else if (/^(---|\+\+\+) /.test(line) || oldLine === 0) continue;
    else if (line.startsWith('-')) changes.push(`-${oldLine++}: ${line.slice(1)}`);
    else if (line.startsWith('+')) changes.push(`+${newLine++}: ${line.slice(1)}`);
    else if (line.startsWith(' ')) {
      oldLine += 1;
      newLine += 1;
    }
  }
  return changes;
}

// ---- The test -----------------------------------------------------------------------------

describe('nothing lost: Airlock against the official server, on the token benchmark', () => {
  let fixtures: TokenFixtures;
  let official: Client;
  let airlock: Client;
  const runs = new Map<string, { official: TaskRun; airlock: TaskRun }>();

  async function both(id: TaskId) {
    const known = runs.get(id);
    if (known) return known;
    const task = taskById(id);
    assert.ok(task, `the benchmark has a task ${id}`);
    const pair = {
      official: task.airlockOnly
        ? (undefined as unknown as TaskRun)
        : await runTask(official, task, fixtures),
      airlock: await runTask(airlock, task, fixtures),
    };
    assert.equal(pair.airlock.error, undefined, `Airlock answers ${id}`);
    runs.set(id, pair);
    return pair;
  }

  before(async () => {
    // A smaller big tree than the benchmark's: large enough to pass Airlock's entry limit
    // several times over, small enough to read back quickly.
    fixtures = createTokenFixtures({ bigTreeFiles: 2_500 });
    official = await connect(officialTokenServer(fixtures.workspace), fixtures.root);
    airlock = await connect(
      airlockTokenServer(CLI_PATH, fixtures.workspace, fixtures.dataDir),
      fixtures.root,
    );
  });

  after(async () => {
    await official?.close();
    await airlock?.close();
    fixtures?.remove();
  });

  it('offers every tool of the official server it has, with the same argument names', async () => {
    const { official: theirs, airlock: ours } = await both('tools-list');
    const mine = new Map(ours.tools.map((tool) => [tool.name, tool]));
    for (const tool of theirs.tools) {
      // read_file is the official server's deprecated alias of read_text_file.
      if (tool.name === 'read_file') continue;
      const same = mine.get(tool.name);
      assert.ok(same, `Airlock offers ${tool.name}`);
      for (const argument of Object.keys(tool.inputSchema.properties ?? {})) {
        assert.ok(
          argument in (same.inputSchema.properties ?? {}),
          `${tool.name} takes ${argument}`,
        );
      }
    }
  });

  for (const id of ['tree-project', 'tree-big'] as const) {
    it(`directory_tree (${id}): every name, kind and path, following what the answer says to see the rest`, async () => {
      const { official: theirs } = await both(id);
      const folder = id === 'tree-project' ? fixtures.project : fixtures.bigTree;
      assert.deepEqual(await wholeAirlockTree(airlock, folder), officialTree(theirs.text));
    });
  }

  it('list_directory: every name and kind', async () => {
    const { official: theirs, airlock: ours } = await both('list-directory');
    const lines = ours.text.split('\n').filter((line) => line !== '' && !/^(…|\()/.test(line));
    const entries = lines.map((line) => {
      const [, written = '', slash = ''] = /^(.+?)(\/)?$/.exec(line) ?? [];
      return nameOf(written) + slash;
    });
    assert.deepEqual(sorted(entries), sorted(officialListing(theirs.text).keys()));
  });

  it('list_directory_with_sizes: every name, kind and size, and the totals', async () => {
    const { official: theirs, airlock: ours } = await both('list-directory-sizes');
    const expected = officialListing(theirs.text);
    const seen = new Map<string, string>();
    for (const line of ours.text.split('\n')) {
      if (line === '' || /^(…|\(|Total: )/.test(line)) continue;
      const file = /^(.+) (\d+)$/.exec(line);
      if (file) seen.set(nameOf(file[1] ?? ''), officialSize(Number(file[2])));
      else seen.set(`${nameOf(line.replace(/\/$/, ''))}/`, '');
    }
    assert.deepEqual(sorted(seen.keys()), sorted(expected.keys()));
    for (const [name, size] of expected) assert.equal(seen.get(name), size, `size of ${name}`);
    const [, files, folders, bytes] =
      /^Total: (\d+) files, (\d+) directories, (\d+) bytes$/m.exec(ours.text) ?? [];
    assert.match(theirs.text, new RegExp(`^Total: ${files} files, ${folders} directories$`, 'm'));
    assert.match(theirs.text, new RegExp(`^Combined size: ${officialSize(Number(bytes))}$`, 'm'));
  });

  it('search_files: every full path', async () => {
    const { official: theirs, airlock: ours } = await both('search-files');
    const expected = sorted(theirs.text.split('\n').filter((line) => path.isAbsolute(line)));
    assert.equal(expected.length, fixtures.searchHits.length);
    assert.deepEqual(airlockFoundPaths(ours.text), expected);
  });

  it('search_content: every matching line, with its file and number (the official server has no such tool)', async () => {
    const { airlock: ours } = await both('search-content');
    // runTask's text has the fixture's folder written as it is counted.
    const searched = canonicalPaths(fixtures)(fixtures.search);
    const found: string[] = [];
    let file = '';
    for (const line of ours.text.split('\n')) {
      const header = /^In (.+):$/.exec(line);
      const match = /^ {2}(\d+): (.*)$/.exec(line);
      if (header) assert.equal(header[1], searched, 'each page names the folder searched');
      else if (match) found.push(`${file}:${match[1]}: ${match[2]}`);
      else if (!/^(…|\(| {2})/.test(line)) file = line.split('/').map(nameOf).join('/');
    }
    const expected = fixtures.contentMatches.map(
      ({ path: at, line, text }) => `${at}:${line}: ${text}`,
    );
    assert.deepEqual(sorted(found), sorted(expected));
  });

  it('get_file_info: size, dates, kind and permissions', async () => {
    const { official: theirs, airlock: ours } = await both('file-info');
    const field = (text: string, key: string) =>
      new RegExp(`^${key}: (.*)$`, 'm').exec(text)?.[1] ?? `(no ${key})`;
    assert.equal(field(ours.text, 'size'), field(theirs.text, 'size'));
    assert.equal(field(ours.text, 'permissions'), field(theirs.text, 'permissions'));
    assert.equal(
      field(ours.text, 'type') === 'directory',
      field(theirs.text, 'isDirectory') === 'true',
    );
    assert.equal(field(ours.text, 'type') === 'file', field(theirs.text, 'isFile') === 'true');
    // The official server writes a Date's toString(), to the second; Airlock ISO 8601.
    const second = (text: string) => Math.floor(new Date(text).getTime() / 1000);
    for (const key of ['modified', 'accessed']) {
      assert.equal(second(field(ours.text, key)), second(field(theirs.text, key)), key);
    }
  });

  it('read_multiple_files: every file by its path, with its whole content', async () => {
    const { official: theirs, airlock: ours } = await both('read-multiple');
    const counted = canonicalPaths(fixtures);
    for (const file of fixtures.readFiles) {
      const shown = `${counted(file)}:\n${counted(readFileSync(file, 'utf8'))}`;
      assert.ok(theirs.text.includes(shown), 'the official answer has it');
      assert.ok(ours.text.includes(shown), `Airlock's answer has ${file}`);
    }
  });

  it('edit_file dry run: every changed line, with its number, in three hunks', async () => {
    const { official: theirs, airlock: ours } = await both('edit-dry-run');
    assert.equal(ours.text.match(/^@@ /gm)?.length, 3);
    assert.equal(diffChanges(ours.text).length, 6);
    assert.deepEqual(diffChanges(ours.text), diffChanges(theirs.text));
  });

  it('notices a fact dropped from an answer', async () => {
    const { airlock: ours } = await both('search-files');
    const lines = ours.text.split('\n');
    const dropped = [...lines.slice(0, 5), ...lines.slice(6)].join('\n');
    assert.notDeepEqual(airlockFoundPaths(dropped), airlockFoundPaths(ours.text));
  });
});
