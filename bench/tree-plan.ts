// A deterministic, realistic-looking project tree (names, nesting, file types, contents),
// described in memory; fixtures.ts writes it to disk.

/** Mulberry32: a small seeded generator, so every run builds the same tree. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOP = ['packages', 'apps', 'services', 'libs', 'docs', 'tools', 'examples'];
const AREAS = [
  'auth',
  'billing',
  'search',
  'editor',
  'sync',
  'storage',
  'ui',
  'api',
  'core',
  'cli',
  'render',
  'router',
  'forms',
  'charts',
  'i18n',
  'metrics',
  'cache',
  'queue',
  'mailer',
  'export',
];
const SUBDIRS = [
  'src',
  'lib',
  'test',
  'components',
  'hooks',
  'utils',
  'models',
  'views',
  'fixtures',
  'handlers',
  'internal',
  'styles',
  'assets',
  'scripts',
  'migrations',
  'guides',
];
const WORDS = [
  'user',
  'account',
  'invoice',
  'session',
  'token',
  'parser',
  'index',
  'layout',
  'button',
  'table',
  'filter',
  'query',
  'stream',
  'buffer',
  'config',
  'logger',
  'helper',
  'client',
  'server',
  'worker',
  'task',
  'event',
  'store',
  'reducer',
  'schema',
  'format',
  'upload',
  'download',
  'preview',
  'header',
  'footer',
  'sidebar',
  'modal',
  'toast',
  'avatar',
  'profile',
];
/** Extension weights: mostly code, a little documentation, some data and assets. */
const EXTENSIONS: ReadonlyArray<readonly [string, number]> = [
  ['.ts', 30],
  ['.tsx', 10],
  ['.js', 10],
  ['.json', 7],
  ['.md', 2.5],
  ['.css', 6],
  ['.py', 8],
  ['.go', 5],
  ['.txt', 4],
  ['.yml', 3],
  ['.html', 4],
  ['.svg', 5],
  ['.sql', 5.5],
];
const EXTENSION_TOTAL = EXTENSIONS.reduce((sum, [, weight]) => sum + weight, 0);

export interface PlannedFile {
  /** Path relative to the tree root, with `/` separators. */
  path: string;
  content: string;
  hasNeedle: boolean;
}

export interface TreePlan {
  files: PlannedFile[];
  directories: string[];
  needle: string;
}

/** A literal no generated word contains, with no regular-expression metacharacters. */
export const NEEDLE = 'airlockBenchNeedle7f3a';

export function planTree(fileCount: number, seed = 20_240_901): TreePlan {
  const random = seeded(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const between = (low: number, high: number): number =>
    low + Math.floor(random() * (high - low + 1));

  const pickExtension = (): string => {
    let roll = random() * EXTENSION_TOTAL;
    for (const [extension, weight] of EXTENSIONS) {
      roll -= weight;
      if (roll < 0) return extension;
    }
    return '.ts';
  };

  const content = (withNeedle: boolean): string => {
    const lines: string[] = [];
    const count = between(8, 60);
    const needleAt = withNeedle ? between(0, count - 1) : -1;
    for (let i = 0; i < count; i++) {
      const words = Array.from({ length: between(3, 9) }, () => pick(WORDS));
      if (i === needleAt) words.splice(between(0, words.length), 0, NEEDLE);
      lines.push(`${'  '.repeat(between(0, 3))}${words.join(' ')} ${i}`);
    }
    return `${lines.join('\n')}\n`;
  };

  const files: PlannedFile[] = [];
  const directories: string[] = [];
  // Breadth-first, so the tree fills out level by level until it holds `fileCount` files.
  const queue: Array<{ path: string; depth: number }> = TOP.map((name) => ({
    path: name,
    depth: 1,
  }));
  while (files.length < fileCount) {
    const directory = queue.shift();
    if (directory === undefined) throw new Error('tree plan ran out of directories');
    directories.push(directory.path);
    const used = new Set<string>();
    const wanted = Math.min(between(10, 40), fileCount - files.length);
    if (directory.depth >= 2 && random() < 0.4) used.add('README.md');
    while (used.size < wanted) {
      const base = `${pick(WORDS)}-${pick(WORDS)}`;
      let name = `${base}${pickExtension()}`;
      if (used.has(name)) name = `${base}-${used.size}${pickExtension()}`;
      used.add(name);
    }
    for (const name of used) {
      const hasNeedle = random() < 0.01;
      files.push({ path: `${directory.path}/${name}`, content: content(hasNeedle), hasNeedle });
    }
    const subdirectories = new Set<string>();
    const subdirectoryCount = directory.depth === 1 ? between(3, 6) : between(1, 4);
    while (subdirectories.size < subdirectoryCount) {
      subdirectories.add(directory.depth === 1 ? pick(AREAS) : pick(SUBDIRS));
    }
    for (const name of subdirectories) {
      queue.push({ path: `${directory.path}/${name}`, depth: directory.depth + 1 });
    }
  }
  // Guarantee at least one needle, so search_content always has something to find.
  const first = files[0];
  if (first !== undefined && !files.some((file) => file.hasNeedle)) {
    first.content = `${NEEDLE}\n${first.content}`;
    first.hasNeedle = true;
  }
  return { files, directories, needle: NEEDLE };
}
