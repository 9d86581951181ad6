// The token benchmark's folders, seeded so every run writes the same names, sizes and
// contents; each also says what a complete answer about it holds, for the "nothing lost"
// comparison. Written under os.tmpdir(); remove() deletes everything.
import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTree, type TreePlan } from '../tree-plan.ts';

export interface TreeEntry {
  /** Path below the folder, with `/` between names. */
  path: string;
  type: 'file' | 'directory';
}

export interface ListingEntry {
  name: string;
  type: 'file' | 'directory';
  /** Bytes; 0 for a folder. */
  size: number;
}

export interface ContentMatch {
  /** Path below the search folder. */
  path: string;
  /** 1-based. */
  line: number;
  text: string;
}

export interface TokenFixtures {
  root: string;
  /** The folder both servers are given (Airlock's workspace, the official server's allowed directory). */
  workspace: string;
  /** Airlock's --data-dir, outside the workspace. */
  dataDir: string;
  /** A 1,000-file project. */
  project: string;
  projectEntries: TreeEntry[];
  /** The large tree (10,000 files unless told otherwise). */
  bigTree: string;
  bigTreeEntries: TreeEntry[];
  /** One folder of 200 entries: files of varied sizes and some subfolders. */
  listing: string;
  listingEntries: ListingEntry[];
  /** A tree where `searchPattern` matches `searchHits` and `contentNeedle` is on `contentMatches`. */
  search: string;
  searchPattern: string;
  searchHits: string[];
  contentNeedle: string;
  contentMatches: ContentMatch[];
  infoFile: string;
  infoBytes: number;
  /** The info file's creation time (set by the file system, unlike its other times). */
  infoCreated: Date;
  /** The modification and access time of the files whose times an answer shows. */
  fixedTime: Date;
  /** Five small files, for read_multiple_files. */
  readFiles: string[];
  /** A file and three edits far enough apart to make three hunks. */
  editFile: string;
  edits: Array<{ oldText: string; newText: string }>;
  remove(): void;
}

export interface TokenFixtureOptions {
  bigTreeFiles?: number;
}

export const PROJECT_FILES = 1_000;
export const BIG_TREE_FILES = 10_000;
export const LISTING_ENTRIES = 200;
export const LISTING_DIRECTORIES = 28;
export const SEARCH_TREE_FILES = 1_500;
export const SEARCH_HITS = 500;
export const CONTENT_LINES = 200;
export const CONTENT_NEEDLE = 'deprecatedSessionToken';
/** The time every fixture file is given, so dates in answers read the same in every run. */
const FIXED_TIME = new Date('2026-01-15T09:30:00Z');

function entriesOf(plan: TreePlan): TreeEntry[] {
  const entries: TreeEntry[] = [
    ...plan.directories.map((path) => ({ path, type: 'directory' as const })),
    ...plan.files.map((file) => ({ path: file.path, type: 'file' as const })),
  ];
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function writePlan(folder: string, plan: TreePlan): void {
  mkdirSync(folder);
  for (const directory of plan.directories) mkdirSync(join(folder, directory), { recursive: true });
  for (const file of plan.files) writeFileSync(join(folder, file.path), file.content);
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** 200 entries: folder names from the plan's folders, file names and contents from its files. */
function planListing(): Array<ListingEntry & { content: string }> {
  const plan = planTree(2_000, 7_001);
  const folders = [...new Set(plan.directories.map(baseName))].slice(0, LISTING_DIRECTORIES);
  const files = new Map<string, string>();
  for (const file of plan.files) {
    if (files.size === LISTING_ENTRIES - folders.length) break;
    const name = baseName(file.path);
    // Some files larger than others, so a listing with sizes has something to sort.
    if (!files.has(name)) files.set(name, file.content.repeat(1 + (file.content.length % 9)));
  }
  if (folders.length + files.size !== LISTING_ENTRIES) throw new Error('listing plan too small');
  return [
    ...folders.map((name) => ({ name, type: 'directory' as const, size: 0, content: '' })),
    ...[...files].map(([name, content]) => ({
      name,
      type: 'file' as const,
      size: Buffer.byteLength(content),
      content,
    })),
  ];
}

/**
 * A tree where every third file is renamed to end in `.test.ts` (500 hits for
 * `**\/*.test.ts`) and two lines of 100 other files carry the needle (200 matching lines).
 */
function planSearch(): { plan: TreePlan; hits: string[]; matches: ContentMatch[] } {
  const plan = planTree(SEARCH_TREE_FILES, 7_002);
  const taken = new Set(plan.files.map((file) => file.path));
  const hits: string[] = [];
  const matches: ContentMatch[] = [];
  plan.files.forEach((file, index) => {
    if (index % 3 === 0 && hits.length < SEARCH_HITS) {
      const folder = file.path.slice(0, file.path.lastIndexOf('/'));
      const stem = baseName(file.path).replace(/\.[^.]+$/, '');
      let path = `${folder}/${stem}.test.ts`;
      if (taken.has(path)) path = `${folder}/${stem}-${index}.test.ts`;
      taken.delete(file.path);
      taken.add(path);
      file.path = path;
      hits.push(path);
    } else if (index % 3 === 1 && matches.length < CONTENT_LINES) {
      const lines = file.content.split('\n');
      for (const at of [1, 5]) {
        lines[at] = `${lines[at] ?? ''} ${CONTENT_NEEDLE}`;
        matches.push({ path: file.path, line: at + 1, text: lines[at] as string });
      }
      file.content = lines.join('\n');
    }
  });
  if (hits.length !== SEARCH_HITS || matches.length !== CONTENT_LINES) {
    throw new Error('search plan too small');
  }
  return { plan, hits: hits.sort(), matches };
}

/** A 60-line settings module; the three edits change lines 8, 30 and 52. */
function planEdit(): { content: string; edits: Array<{ oldText: string; newText: string }> } {
  const line = (i: number, timeout: number): string =>
    `  service${String(i).padStart(2, '0')}: { retries: ${i % 5}, timeoutMs: ${timeout}, label: 'Service ${i}' },`;
  const body = Array.from({ length: 58 }, (_, i) => line(i, 1000 + i * 250));
  const content = ['export const services = {', ...body, '};', ''].join('\n');
  const edits = [6, 28, 50].map((i) => ({
    oldText: line(i, 1000 + i * 250),
    newText: line(i, 30_000),
  }));
  return { content, edits };
}

export function createTokenFixtures(options: TokenFixtureOptions = {}): TokenFixtures {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'airlock-tokens-')));
  try {
    const workspace = join(root, 'workspace');
    const dataDir = join(root, 'airlock-data');
    mkdirSync(workspace);
    mkdirSync(dataDir);

    const projectPlan = planTree(PROJECT_FILES, 7_003);
    const project = join(workspace, 'project');
    writePlan(project, projectPlan);

    const bigPlan = planTree(options.bigTreeFiles ?? BIG_TREE_FILES, 7_004);
    const bigTree = join(workspace, 'big-tree');
    writePlan(bigTree, bigPlan);

    const listingPlan = planListing();
    const listing = join(workspace, 'listing');
    mkdirSync(listing);
    for (const entry of listingPlan) {
      if (entry.type === 'directory') mkdirSync(join(listing, entry.name));
      else writeFileSync(join(listing, entry.name), entry.content);
    }

    const searchPlan = planSearch();
    const search = join(workspace, 'search');
    writePlan(search, searchPlan.plan);

    const infoFile = join(project, projectPlan.files[0]?.path ?? '');
    const readFiles = projectPlan.files.slice(1, 6).map((file) => join(project, file.path));
    const editPlan = planEdit();
    const editFile = join(workspace, 'services.ts');
    writeFileSync(editFile, editPlan.content);
    for (const file of [infoFile, editFile, ...readFiles]) utimesSync(file, FIXED_TIME, FIXED_TIME);

    return {
      root,
      workspace,
      dataDir,
      project,
      projectEntries: entriesOf(projectPlan),
      bigTree,
      bigTreeEntries: entriesOf(bigPlan),
      listing,
      listingEntries: listingPlan.map(({ name, type, size }) => ({ name, type, size })),
      search,
      searchPattern: '**/*.test.ts',
      searchHits: searchPlan.hits,
      contentNeedle: CONTENT_NEEDLE,
      contentMatches: searchPlan.matches,
      infoFile,
      infoBytes: Buffer.byteLength(projectPlan.files[0]?.content ?? ''),
      infoCreated: statSync(infoFile).birthtime,
      fixedTime: FIXED_TIME,
      readFiles,
      editFile,
      edits: editPlan.edits,
      // Retries: a server that is still shutting down may write into the data directory.
      remove: () => rmSync(root, { recursive: true, force: true, maxRetries: 5 }),
    };
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}
