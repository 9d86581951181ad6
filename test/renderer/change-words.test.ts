// The words the window shows for changes: each change as a short sentence naming the folder
// by its own name, each group as "Claude Desktop changed 4 files in Taxes 2024", its time,
// and sizes as people read them; "folder" and "app", never the core's words.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  changeHeadline,
  groupHeadline,
  sizeWords,
  whenWords,
  whoWords,
  type ChangeGroup,
  type ChangeView,
} from '../../renderer/screens/changes/change-words.ts';

const TAXES = '/home/ana/Documents/Taxes 2024';
const RECIPES = '/home/ana/Recipes';

function change(overrides: Partial<ChangeView>): ChangeView {
  return {
    id: 'a1b2c3d4e5f6',
    tool: 'write_file',
    at: '2026-03-04T10:02:00.000Z',
    app: 'Claude Desktop',
    client: 'Claude Desktop 0.14.2',
    paths: [{ workspace: TAXES, path: 'receipts.csv' }],
    pathCount: 1,
    state: 'undoable',
    ...overrides,
  };
}

function group(overrides: Partial<ChangeGroup>): ChangeGroup {
  return {
    ref: { byPerson: false, since: '2026-03-04T10:02:00.000Z', until: '2026-03-04T10:09:00.000Z' },
    app: 'Claude Desktop',
    byPerson: false,
    workspaces: [TAXES],
    fileCount: 4,
    changeCount: 5,
    undoableCount: 5,
    first: '2026-03-04T10:02:00.000Z',
    last: '2026-03-04T10:09:00.000Z',
    changes: [],
    ...overrides,
  };
}

describe('a change in a few words', () => {
  const cases: [string, Partial<ChangeView>][] = [
    ['Wrote Taxes 2024/receipts.csv', {}],
    ['Edited Taxes 2024/receipts.csv', { tool: 'edit_file' }],
    ['Deleted Taxes 2024/receipts.csv', { tool: 'delete_file' }],
    [
      'Moved Taxes 2024/draft.md to Recipes/final.md',
      {
        tool: 'move_file',
        paths: [
          { workspace: TAXES, path: 'draft.md' },
          { workspace: RECIPES, path: 'final.md' },
        ],
        pathCount: 2,
      },
    ],
    [
      'Created the folder Taxes 2024/Scans',
      { tool: 'create_directory', paths: [{ workspace: TAXES, path: 'Scans' }] },
    ],
    ['Undid a change to Taxes 2024/receipts.csv', { tool: 'restore' }],
    ['Wrote Taxes 2024/receipts.csv and 2 more', { pathCount: 3 }],
    ['Changed Taxes 2024/receipts.csv', { tool: 'a_new_tool' }],
  ];
  for (const [words, overrides] of cases) {
    it(`says "${words}"`, () => assert.equal(changeHeadline(change(overrides)), words));
  }

  it('names the app that made it, or the person for an undo made in Airlock', () => {
    assert.equal(whoWords(change({})), 'Claude Desktop');
    assert.equal(whoWords(change({ app: undefined })), 'An app');
    assert.equal(whoWords(change({ tool: 'restore', app: 'dana' })), 'You, in Airlock');
  });
});

describe('a group in a sentence', () => {
  const cases: [string, Partial<ChangeGroup>][] = [
    ['Claude Desktop changed 4 files in Taxes 2024', {}],
    ['Claude Desktop changed 1 file in Taxes 2024', { fileCount: 1 }],
    [
      'Cursor changed 2 files in Taxes 2024 and Recipes',
      { app: 'Cursor', fileCount: 2, workspaces: [TAXES, RECIPES] },
    ],
    [
      'An app changed 4 files in 3 folders',
      { app: undefined, workspaces: [TAXES, RECIPES, '/srv/x'] },
    ],
    ['You undid 5 changes in Taxes 2024', { byPerson: true }],
    ['You undid 1 change in Taxes 2024', { byPerson: true, changeCount: 1 }],
  ];
  for (const [words, overrides] of cases) {
    it(`says "${words}"`, () => assert.equal(groupHeadline(group(overrides)), words));
  }
});

describe('when, and how much', () => {
  it('gives a span within one day as two times and the day', () => {
    const first = new Date(2026, 2, 4, 10, 2).toISOString();
    const last = new Date(2026, 2, 4, 10, 9).toISOString();
    assert.match(whenWords(first, last), /^between \d{1,2}:\d{2}.* and \d{1,2}:\d{2}.* on \S+/);
    assert.doesNotMatch(whenWords(first, last), /2026/);
  });

  it('gives one moment as "at"', () => {
    const at = new Date(2026, 2, 4, 10, 2).toISOString();
    assert.match(whenWords(at, at), /^at .+ on .+/);
  });

  it('gives a span over days with both dates whole', () => {
    const first = new Date(2026, 2, 4, 10, 2).toISOString();
    const last = new Date(2026, 2, 6, 9, 0).toISOString();
    assert.match(whenWords(first, last), /^between .*2026.* and .*2026/);
  });

  const sizes: [number | null, string][] = [
    [null, 'nothing'],
    [1, '1 byte'],
    [13, '13 bytes'],
    [2048, '2 KB'],
    [3000, '2.9 KB'],
    [5 * 1024 * 1024 * 1024, '5 GB'],
  ];
  for (const [bytes, words] of sizes) {
    it(`says ${words} for ${bytes} bytes`, () => assert.equal(sizeWords(bytes), words));
  }
});
