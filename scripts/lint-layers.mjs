// The layers of Airlock's code, as an ESLint rule: which folder may import which. Each import
// is resolved to the file it names, so the rule cannot be fooled by how the path is written.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The floors of main/core, lowest first. A folder imports from its own floor and the floors
 * below, never from above: the policy knows nothing of files, the tools nothing of the
 * server that runs them, the transports nothing of the app.
 */
export const CORE_FLOORS = [
  {
    name: 'platform',
    folders: ['platform', 'config', 'log', 'coded-error.ts', 'version.ts'],
  },
  { name: 'policy', folders: ['policy'] },
  { name: 'fs', folders: ['fs'] },
  {
    name: 'tools, audit and keys',
    folders: ['tools', 'audit', 'keys', 'history', 'settings', 'connect', 'approvals', 'secrets'],
  },
  { name: 'server', folders: ['server'] },
  { name: 'transports', folders: ['http', 'socket'] },
  { name: 'app', folders: ['app'] },
];

function floorOf(corePath) {
  const top = corePath.split('/')[0];
  const index = CORE_FLOORS.findIndex((floor) => floor.folders.includes(top));
  return index === -1 ? undefined : { index, top, floor: CORE_FLOORS[index] };
}

/** The repository-relative path an import names, or undefined for a package. */
function importedPath(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(fromFile), specifier);
  return path.relative(repoRoot, target).split(path.sep).join('/');
}

/**
 * Only a whole `import type` (or `export type`) declaration is erased with certainty; an
 * import whose every name is marked `type` may still load the module for its effects.
 */
function isTypeOnly(node) {
  return node.importKind === 'type' || node.exportKind === 'type';
}

/**
 * Plain words and lists that main and the window both use (who asks to change what, which
 * tools make a change). The renderer may import their values, so they import nothing but
 * types from outside this folder: no zod, no contract values, nothing that runs only in Node.
 */
export const SHARED_WORDS = 'preload/contract/words/';

/** What is wrong with one import, or undefined when the layers allow it. */
function problemWith(from, to, typeOnly) {
  if (from.startsWith('main/core/')) {
    if (to.startsWith('main/cli/') || to.startsWith('main/shell/')) {
      return 'main/core is used by the command line and the shell, so it never imports them.';
    }
    if (!to.startsWith('main/core/')) return undefined;
    const source = floorOf(from.slice('main/core/'.length));
    const target = floorOf(to.slice('main/core/'.length));
    for (const [place, found] of [
      [from, source],
      [to, target],
    ]) {
      if (!found) return `${place} is in no floor of main/core: add its folder to CORE_FLOORS.`;
    }
    if (target.index > source.index) {
      return `main/core/${source.top} (floor "${source.floor.name}") may not import main/core/${target.top}, on the higher floor "${target.floor.name}".`;
    }
    return undefined;
  }
  if (from.startsWith('preload/') && to.startsWith('main/')) {
    return 'The IPC contract is a leaf: preload never imports main/. Main converts to the views in preload/contract.';
  }
  if (from.startsWith(SHARED_WORDS) && !to.startsWith(SHARED_WORDS) && !typeOnly) {
    return `${SHARED_WORDS} is shared with the renderer, so it imports nothing but types from outside itself.`;
  }
  if (from.startsWith('renderer/') && to.startsWith('preload/') && !typeOnly) {
    if (to.startsWith(SHARED_WORDS)) return undefined;
    return `The renderer takes only types from the contract (import type), and values only from ${SHARED_WORDS}; the rest reaches it through the preload API.`;
  }
  return undefined;
}

/** What is wrong with importing a package, or undefined when the layers allow it. */
function packageProblem(from, typeOnly) {
  if (from.startsWith(SHARED_WORDS) && !typeOnly) {
    return `${SHARED_WORDS} is shared with the renderer, so it imports no package.`;
  }
  return undefined;
}

export const layersRule = {
  meta: {
    type: 'problem',
    docs: { description: "Keeps each import within Airlock's layers." },
    schema: [],
  },
  create(context) {
    const from = path.relative(repoRoot, context.filename).split(path.sep).join('/');
    function check(node, source, typeOnly) {
      if (typeof source?.value !== 'string') return;
      const to = importedPath(context.filename, source.value);
      const message =
        to === undefined ? packageProblem(from, typeOnly) : problemWith(from, to, typeOnly);
      if (message) context.report({ node: source, message });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source, isTypeOnly(node)),
      ImportExpression: (node) => check(node, node.source, false),
    };
  },
};

export const layersPlugin = { rules: { layers: layersRule } };
