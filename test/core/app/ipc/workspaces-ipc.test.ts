// Sharing a folder from the window, through the real IPC handlers on a real app: pick,
// then confirm. The window names a one-time id, never a path; a risky folder needs an
// explicit yes; the list says who can see each folder; the first run is remembered.
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { createIpcHandlers, type IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { eventually, makeAppSandbox, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
let home: string;
/** What the folder picker answers next; undefined is a cancel. */
let picked: string | undefined;

before(async () => {
  sandbox = await makeAppSandbox();
  home = path.join(sandbox.root, 'home');
  await mkdir(path.join(home, 'Documents'), { recursive: true });
  await mkdir(path.join(home, '.ssh'));
  ({ app, handlers } = await startHandlers(sandbox, {
    dependencies: { pickFolder: async () => picked, homeDir: home },
  }));
});
after(async () => sandbox.cleanup());

async function choose(folder: string) {
  picked = folder;
  const choice = data(await handlers.pickNewWorkspace(undefined));
  assert.ok(choice, 'the picker returned a folder');
  return choice;
}

async function unshareAll() {
  for (const workspace of app.workspaces()) await app.removeWorkspace(workspace.path);
}

describe('choosing a folder', () => {
  beforeEach(unshareAll);

  it('answers null and remembers nothing when the person cancels the picker', async () => {
    picked = undefined;
    assert.equal(data(await handlers.pickNewWorkspace(undefined)), null);
  });

  it('answers the folder under a one-time id, with no risk for an ordinary folder', async () => {
    const choice = await choose(sandbox.folderA);
    assert.equal(choice.path, sandbox.folderA);
    assert.equal(choice.risk, null);
    assert.match(choice.id, /^[\w-]{24}$/);
    assert.deepEqual(app.workspaces(), [], 'choosing shares nothing yet');
  });

  it('says why the home folder is risky', async () => {
    const choice = await choose(home);
    assert.equal(choice.risk?.kind, 'home');
    assert.equal(choice.risk?.title, 'This is your whole home folder');
  });

  it('refuses a folder that is missing, or shared already, before asking for its access', async () => {
    picked = path.join(sandbox.root, 'gone');
    assert.equal(refusal(await handlers.pickNewWorkspace(undefined)).code, 'invalid_workspace');
    await app.addWorkspace(sandbox.folderA, 'read');
    picked = sandbox.folderA;
    const refused = refusal(await handlers.pickNewWorkspace(undefined));
    assert.equal(refused.code, 'already_added');
    assert.match(refused.message, /already shared/);
  });

  it('takes no request at all', async () => {
    assert.equal(refusal(await handlers.pickNewWorkspace({ path: '/' })).code, 'invalid_request');
  });
});

describe('sharing the chosen folder', () => {
  beforeEach(unshareAll);

  it('shares an ordinary folder with the access chosen, asking before deleting, moving or replacing, and hiding the secrets inside its files', async () => {
    const choice = await choose(sandbox.folderA);
    const result = data(await handlers.addWorkspace({ choice: choice.id, access: 'write' }));
    assert.deepEqual(result.added, {
      path: sandbox.folderA,
      access: 'write',
      askBefore: 'replacing',
      maskSecrets: true,
      available: true,
    });
    assert.deepEqual(result.workspaces, [result.added]);
  });

  it('uses each id once: the second use is refused as expired', async () => {
    const choice = await choose(sandbox.folderA);
    data(await handlers.addWorkspace({ choice: choice.id, access: 'read' }));
    await app.removeWorkspace(sandbox.folderA);
    const again = refusal(await handlers.addWorkspace({ choice: choice.id, access: 'read' }));
    assert.equal(again.code, 'choice_expired');
    assert.match(again.message, /Choose the folder again/);
    assert.deepEqual(app.workspaces(), []);
  });

  it('refuses an id it never gave', async () => {
    const refused = refusal(await handlers.addWorkspace({ choice: 'guessed-id', access: 'read' }));
    assert.equal(refused.code, 'choice_expired');
  });

  it('refuses a risky folder without the person’s yes, and uses up the id', async () => {
    const choice = await choose(home);
    const refused = refusal(await handlers.addWorkspace({ choice: choice.id, access: 'read' }));
    assert.equal(refused.code, 'risk_not_accepted');
    assert.match(refused.message, /^This is your whole home folder, so Airlock shares it only/);
    assert.deepEqual(app.workspaces(), []);
    const retried = refusal(
      await handlers.addWorkspace({ choice: choice.id, access: 'read', acceptRisk: true }),
    );
    assert.equal(retried.code, 'choice_expired');
  });

  it('shares a risky folder once the risk is accepted, and notes it in the audit log', async () => {
    const choice = await choose(path.join(home, '.ssh'));
    assert.equal(choice.risk?.kind, 'secrets');
    const result = data(
      await handlers.addWorkspace({ choice: choice.id, access: 'read', acceptRisk: true }),
    );
    assert.equal(result.added.path, path.join(home, '.ssh'));
    await app.settings.idle();
    const log = await readFile(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8').catch(
      () => '',
    );
    const records = log
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { reason?: string; detail?: Record<string, unknown> });
    const shared = records.filter((record) => record.reason === 'Folder shared with agents').at(-1);
    assert.equal(shared?.detail?.risk, 'secrets');
    assert.equal(shared?.detail?.riskAccepted, true);
  });

  const badRequests: unknown[] = [
    undefined,
    { access: 'read' },
    { choice: '', access: 'read' },
    { choice: 'x', access: 'everything' },
    { choice: 'x', access: 'read', path: '/' },
    { choice: 'x', access: 'read', acceptRisk: 'yes' },
    { choice: 'x'.repeat(65), access: 'read' },
  ];
  for (const request of badRequests) {
    it(`refuses ${JSON.stringify(request)} at the contract`, async () => {
      assert.equal(refusal(await handlers.addWorkspace(request)).code, 'invalid_request');
    });
  }
});

describe('the folder list', () => {
  before(async () => {
    await unshareAll();
    await app.addWorkspace(sandbox.folderA, 'write');
    await app.addWorkspace(sandbox.folderB, 'read');
    await mkdir(path.join(sandbox.folderA, 'reports'), { recursive: true });
    await sandbox.keyStore.create('Everything', { workspaces: 'all', access: 'write' });
    await sandbox.keyStore.create('Reader of A', {
      workspaces: [sandbox.folderA],
      access: 'read',
    });
    await sandbox.keyStore.create('Reports only', {
      workspaces: [path.join(sandbox.folderA, 'reports')],
      access: 'write',
    });
  });

  it('shows each folder with its access, availability and the guard', async () => {
    const overview = data(await handlers.listWorkspaceDetails(undefined));
    assert.deepEqual(
      overview.workspaces.map(({ path: folder, access, available }) => [folder, access, available]),
      [
        [sandbox.folderA, 'write', true],
        [sandbox.folderB, 'read', true],
      ],
    );
    assert.match(overview.guard.text, /^Secrets hidden: \.env files, private keys and \d+ more$/);
    assert.equal(overview.keysProblem, null);
  });

  it('says who can see each folder: the local connection and the keys whose scope reaches it', async () => {
    const [a, b] = data(await handlers.listWorkspaceDetails(undefined)).workspaces;
    assert.deepEqual(a?.visibleTo, [
      { kind: 'local' },
      { kind: 'key', name: 'Everything', access: 'write', part: false },
      { kind: 'key', name: 'Reader of A', access: 'read', part: false },
      { kind: 'key', name: 'Reports only', access: 'write', part: true },
    ]);
    // A key that may change files still only reads a folder shared to be read.
    assert.deepEqual(b?.visibleTo, [
      { kind: 'local' },
      { kind: 'key', name: 'Everything', access: 'read', part: false },
    ]);
  });

  it('shows the guard switched off as a warning', async () => {
    await app.updateSettings({ guard: { enabled: false } });
    const overview = data(await handlers.listWorkspaceDetails(undefined));
    assert.equal(overview.guard.tone, 'warning');
    assert.match(overview.guard.text, /^Secret guard off/);
    await app.updateSettings({ guard: { enabled: true } });
  });

  it('still lists the folders when the key list cannot be read', async () => {
    const broken = createIpcHandlers({
      app,
      pickFolder: async () => undefined,
      pickSaveFile: async () => undefined,
      log: sandbox.log,
      listKeys: async () => {
        throw new Error('damaged');
      },
    });
    const overview = data(await broken.listWorkspaceDetails(undefined));
    assert.equal(overview.workspaces.length, 2);
    assert.deepEqual(overview.workspaces[0]?.visibleTo, [{ kind: 'local' }]);
    assert.match(overview.keysProblem ?? '', /list of keys could not be read/);
  });
});

describe('hiding the secrets inside a folder’s files', () => {
  before(async () => {
    await unshareAll();
    await app.addWorkspace(sandbox.folderA, 'write');
    await app.addWorkspace(sandbox.folderB, 'read');
  });

  it('turns it off for one folder only, shows it in the list and the status, and records it', async () => {
    const workspaces = data(
      await handlers.setWorkspaceMaskSecrets({ path: sandbox.folderB, maskSecrets: false }),
    );
    assert.deepEqual(
      workspaces.map(({ path: folder, maskSecrets }) => [folder, maskSecrets]),
      [
        [sandbox.folderA, true],
        [sandbox.folderB, false],
      ],
    );
    assert.deepEqual(
      app.settings.settings.workspaces.map((entry) => entry.maskSecrets),
      [true, false],
    );
    assert.equal(app.status().workspaces[1]?.maskSecrets, false);
    const [, b] = data(await handlers.listWorkspaceDetails(undefined)).workspaces;
    assert.equal(b?.maskSecrets, false);
    await eventually(
      async () =>
        data(await handlers.queryActivity({ filters: { text: 'Folder secret hiding changed' } }))
          .totalMatched > 0,
      'the change is recorded',
    );
    const saved = JSON.parse(await readFile(path.join(sandbox.dataDir, 'config.json'), 'utf8')) as {
      workspaces: { maskSecrets?: boolean }[];
    };
    assert.equal(saved.workspaces[1]?.maskSecrets, false);
    data(await handlers.setWorkspaceMaskSecrets({ path: sandbox.folderB, maskSecrets: true }));
    assert.equal(app.settings.settings.workspaces[1]?.maskSecrets, true);
  });

  it('refuses a folder that is not shared, and anything but on or off', async () => {
    const elsewhere = path.join(sandbox.root, 'elsewhere');
    assert.equal(
      refusal(await handlers.setWorkspaceMaskSecrets({ path: elsewhere, maskSecrets: false })).code,
      'not_found',
    );
    for (const request of [
      { path: sandbox.folderA, maskSecrets: 'no' },
      { path: sandbox.folderA },
      { path: sandbox.folderA, maskSecrets: false, entropy: true },
    ]) {
      assert.equal(
        refusal(await handlers.setWorkspaceMaskSecrets(request as never)).code,
        'invalid_request',
        JSON.stringify(request),
      );
    }
    assert.equal(app.settings.settings.workspaces[0]?.maskSecrets, true);
  });
});

describe('the first run', () => {
  it('is not done on a fresh install, and stays done once finished, across a restart', async () => {
    assert.deepEqual(data(await handlers.getFirstRun(undefined)), { done: false });
    assert.deepEqual(data(await handlers.finishFirstRun(undefined)), { done: true });
    assert.deepEqual(data(await handlers.getFirstRun(undefined)), { done: true });
    const saved = JSON.parse(await readFile(path.join(sandbox.dataDir, 'config.json'), 'utf8')) as {
      app?: { firstRunDone?: boolean };
    };
    assert.equal(saved.app?.firstRunDone, true);
  });
});
