// API keys from the window, through the same IPC handlers the Electron shell registers, on
// a real app with an in-memory keychain: a key is made for shared folders only, works over
// HTTP at once, is recorded in the audit log as the CLI records it, and its secret is in
// the answer to create or rotate and nowhere else. Every refusal is in plain words.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { IpcHandlers } from '../../../../main/core/app/ipc/ipc-handlers.ts';
import { KeysManager } from '../../../../main/core/app/keys/keys-manager.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import type { AuditRecord } from '../../../../main/core/audit/audit-record.ts';
import { currentPlatform } from '../../../../main/core/policy/platform.ts';
import { connectV2, resultText } from '../../../helpers/http-clients.ts';
import { initializeStatus } from '../../../helpers/http-raw.ts';
import {
  capturedLog,
  eventually,
  httpAddress,
  makeAppSandbox,
  type AppSandbox,
} from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
/** A shared folder that a test unplugs. */
let unplugged: string;
/** Every secret the handlers gave out, to look for it where it must never be. */
const secrets: string[] = [];

before(async () => {
  sandbox = await makeAppSandbox();
  unplugged = path.join(sandbox.root, 'unplugged');
  await mkdir(unplugged);
  ({ app, handlers } = await startHandlers(sandbox, {
    config: {
      http: { port: 0 },
      workspaces: [
        { path: sandbox.folderA, access: 'write' },
        { path: sandbox.folderB, access: 'read' },
        { path: unplugged, access: 'read' },
      ],
    },
  }));
});
after(async () => sandbox.cleanup());

function remember<T extends { secret: string }>(answer: T): T {
  secrets.push(answer.secret);
  return answer;
}

async function keyRecords(): Promise<AuditRecord[]> {
  const text = await readFile(path.join(sandbox.dataDir, 'audit', 'audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter(
      (record) => record.event === 'settings_change' && /^API key /.test(record.reason ?? ''),
    );
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

describe('keys from the window: create, list, rotate, revoke', () => {
  it('lists no keys at first', async () => {
    assert.deepEqual(data(await handlers.listKeys(undefined)), []);
  });

  it('creates a key for the chosen shared folders and gives its secret in the answer only', async () => {
    const answer = remember(
      data(
        await handlers.createKey({
          name: 'cursor-laptop',
          workspaces: [sandbox.folderA],
          access: 'read',
        }),
      ),
    );
    assert.match(answer.secret, /^alk_[A-Za-z0-9_-]{43}$/);
    assert.equal(answer.key.name, 'cursor-laptop');
    assert.deepEqual(answer.key.workspaces, [sandbox.folderA]);
    assert.equal(answer.key.access, 'read');
    assert.equal(answer.key.lastUsed, null);
    assert.equal(answer.key.rotated, null);
    assert.equal(answer.key.inKeychain, true);
    assert.ok(Date.now() - Date.parse(answer.key.created) < 60_000);
    assert.deepEqual(answer.keys, [answer.key]);
    assert.equal(sandbox.keychain.entries.get('key:cursor-laptop'), answer.secret);

    const listed = data(await handlers.listKeys(undefined));
    assert.deepEqual(listed, [answer.key]);
    assert.ok(!JSON.stringify(listed).includes(answer.secret), 'the list never has the secret');
  });

  it('makes the new key work over HTTP at once, for its folders only', async () => {
    const [secret] = secrets as [string];
    const url = await httpAddress(app);
    const client = await connectV2(url, secret);
    try {
      const allowed = resultText(
        await client.callTool({ name: 'list_allowed_directories', arguments: {} }),
      );
      assert.match(allowed, new RegExp(sandbox.folderA));
      assert.doesNotMatch(allowed, new RegExp(sandbox.folderB));
    } finally {
      await client.close();
    }
    assert.equal(await initializeStatus(url, `alk_${'x'.repeat(43)}`), 401);
    await eventually(
      async () => data(await handlers.listKeys(undefined))[0]?.lastUsed !== null,
      'the list shows when the key was last used',
    );
  });

  it('records the new key in the audit log as the CLI does, with its scope', async () => {
    const [record] = await keyRecords();
    assert.equal(record?.reason, 'API key created');
    assert.equal(record?.transport, 'app');
    assert.equal(record?.outcome, 'ok');
    assert.deepEqual(record?.detail, {
      key: 'cursor-laptop',
      scope: `read-only, ${sandbox.folderA}`,
    });
  });

  it('rotates a key: a new secret in the answer, and the old one stops working', async () => {
    const [old] = secrets as [string];
    const answer = remember(data(await handlers.rotateKey({ name: 'cursor-laptop' })));
    assert.notEqual(answer.secret, old);
    assert.match(answer.secret, /^alk_/);
    assert.ok(answer.key.rotated, 'the list says when it was rotated');
    assert.ok(!JSON.stringify(answer.keys).includes(answer.secret));
    const url = await httpAddress(app);
    await eventually(
      async () => (await initializeStatus(url, old)) === 401,
      'the old key is refused',
    );
    assert.notEqual(await initializeStatus(url, answer.secret), 401);
    assert.equal((await keyRecords()).at(-1)?.reason, 'API key rotated');
    assert.deepEqual((await keyRecords()).at(-1)?.detail, { key: 'cursor-laptop' });
  });

  it('shows a key whose secret the keychain lost, and rotating gives it a working one', async () => {
    sandbox.keychain.entries.delete('key:cursor-laptop');
    const [lost] = data(await handlers.listKeys(undefined));
    assert.equal(lost?.inKeychain, false);
    const answer = remember(data(await handlers.rotateKey({ name: 'cursor-laptop' })));
    assert.equal(answer.key.inKeychain, true);
    await eventually(
      async () => (await initializeStatus(await httpAddress(app), answer.secret)) !== 401,
      'the new secret works',
    );
  });

  it('makes a key that can change files in several folders', async () => {
    const answer = remember(
      data(
        await handlers.createKey({
          name: 'VS Code',
          workspaces: [sandbox.folderA, sandbox.folderB, sandbox.folderA],
          access: 'write',
        }),
      ),
    );
    assert.deepEqual(answer.key.workspaces, [sandbox.folderA, sandbox.folderB]);
    assert.equal(answer.key.access, 'write');
    assert.deepEqual(
      answer.keys.map((key) => key.name),
      ['cursor-laptop', 'VS Code'],
    );
  });

  it('revokes a key: gone from the list, refused over HTTP, recorded', async () => {
    const url = await httpAddress(app);
    const current = secrets.at(-2) as string;
    const keys = data(await handlers.revokeKey({ name: 'cursor-laptop' }));
    assert.deepEqual(
      keys.map((key) => key.name),
      ['VS Code'],
    );
    assert.equal(sandbox.keychain.entries.has('key:cursor-laptop'), false);
    await eventually(
      async () => (await initializeStatus(url, current)) === 401,
      'the revoked key is refused',
    );
    const last = (await keyRecords()).at(-1);
    assert.equal(last?.reason, 'API key revoked');
    assert.deepEqual(last?.detail, { key: 'cursor-laptop' });
  });

  it('never writes a secret to the data dir, the audit log or the diagnostics log', async () => {
    assert.ok(secrets.length >= 4);
    for (const file of await filesUnder(sandbox.dataDir)) {
      const text = await readFile(file, 'latin1').catch(() => '');
      for (const secret of secrets)
        assert.ok(!text.includes(secret), `${path.relative(sandbox.dataDir, file)} has a secret`);
    }
    const log = sandbox.log.lines.join('\n');
    for (const secret of secrets) assert.ok(!log.includes(secret), 'the log has a secret');
  });
});

describe('keys from the window: refusals in plain words, which change nothing', () => {
  let before: string;

  async function assertUnchanged(): Promise<void> {
    assert.equal(JSON.stringify(data(await handlers.listKeys(undefined))), before);
  }

  it('takes a snapshot of the keys', async () => {
    before = JSON.stringify(data(await handlers.listKeys(undefined)));
    assert.match(before, /VS Code/);
  });

  it('refuses a name that is taken', async () => {
    const error = refusal(
      await handlers.createKey({ name: 'VS Code', workspaces: [sandbox.folderA], access: 'read' }),
    );
    assert.equal(error.code, 'already_added');
    assert.match(error.message, /already a key named "VS Code"\. Choose another name/);
    await assertUnchanged();
  });

  it('refuses a name the keychain still holds an old secret for', async () => {
    sandbox.keychain.entries.set('key:ghost', `alk_${'g'.repeat(43)}`);
    const error = refusal(
      await handlers.createKey({ name: 'ghost', workspaces: [sandbox.folderA], access: 'read' }),
    );
    assert.equal(error.code, 'already_added');
    assert.match(error.message, /keychain still holds an old secret named "ghost"/);
    sandbox.keychain.entries.delete('key:ghost');
    await assertUnchanged();
  });

  const badNames: [string, RegExp][] = [
    ['', /Give the key a name/],
    ['   ', /Give the key a name/],
    ['work/laptop', /cannot be a key name\. Use 1 to 64 letters/],
    [' laptop', /cannot start or end with a space/],
    ['x'.repeat(65), /cannot be a key name/],
    ['MCP_API_KEY', /reserved/],
  ];
  for (const [name, message] of badNames) {
    it(`refuses the name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…` : name)}`, async () => {
      const error = refusal(
        await handlers.createKey({ name, workspaces: [sandbox.folderA], access: 'read' }),
      );
      assert.equal(error.code, 'invalid_name');
      assert.match(error.message, message);
      await assertUnchanged();
    });
  }

  it('refuses a folder that is not shared', async () => {
    const error = refusal(
      await handlers.createKey({ name: 'sneaky', workspaces: [sandbox.root], access: 'read' }),
    );
    assert.equal(error.code, 'invalid_workspace');
    assert.match(
      error.message,
      /is not one of the folders the agent can use\. Share it in Folders/,
    );
    await assertUnchanged();
  });

  it('refuses a folder that is shared but missing now', async () => {
    await rm(unplugged, { recursive: true });
    const error = refusal(
      await handlers.createKey({ name: 'drive', workspaces: [unplugged], access: 'read' }),
    );
    assert.equal(error.code, 'invalid_workspace');
    assert.match(error.message, /does not exist\. A key can only be made for a folder/);
    await assertUnchanged();
  });

  it('refuses an empty choice of folders', async () => {
    const error = refusal(
      await handlers.createKey({ name: 'nowhere', workspaces: [], access: 'read' }),
    );
    assert.equal(error.code, 'invalid_workspace');
    assert.match(error.message, /Choose at least one folder/);
    await assertUnchanged();
  });

  const malformed: [keyof IpcHandlers, unknown][] = [
    ['listKeys', { all: true }],
    ['createKey', { name: 'x', workspaces: ['/a'], access: 'admin' }],
    ['createKey', { name: 'x', workspaces: '/a', access: 'read' }],
    ['createKey', { name: 'x', workspaces: ['/a'], access: 'read', folders: 'all' }],
    ['createKey', { name: 'x'.repeat(2000), workspaces: ['/a'], access: 'read' }],
    ['rotateKey', { name: 7 }],
    ['revokeKey', undefined],
    ['revokeKey', { name: 'VS Code', everywhere: true }],
  ];
  for (const [channel, payload] of malformed) {
    it(`refuses ${channel} with a malformed request`, async () => {
      const error = refusal(await handlers[channel](payload));
      assert.equal(error.code, 'invalid_request');
      await assertUnchanged();
    });
  }

  it('says when there is no such key to rotate or revoke', async () => {
    for (const envelope of [
      await handlers.rotateKey({ name: 'nobody' }),
      await handlers.revokeKey({ name: 'nobody' }),
    ]) {
      const error = refusal(envelope);
      assert.equal(error.code, 'not_found');
      assert.match(error.message, /There is no key named "nobody"\. It may have been revoked/);
    }
    await assertUnchanged();
  });

  it('says plainly when the system keychain refuses, and changes nothing', async () => {
    sandbox.keychain.available = false;
    try {
      const answers = [
        await handlers.listKeys(undefined),
        await handlers.createKey({ name: 'locked', workspaces: [sandbox.folderA], access: 'read' }),
        await handlers.rotateKey({ name: 'VS Code' }),
        await handlers.revokeKey({ name: 'VS Code' }),
      ];
      for (const envelope of answers) {
        const error = refusal(envelope);
        assert.equal(error.code, 'unavailable');
        assert.match(error.message, /could not use your system keychain.*nothing was changed/);
        assert.match(error.message, /Then try again\.$/);
      }
    } finally {
      sandbox.keychain.available = true;
    }
    await assertUnchanged();
    assert.deepEqual(
      (await keyRecords()).map((record) => record.reason),
      [
        'API key created',
        'API key rotated',
        'API key rotated',
        'API key created',
        'API key revoked',
      ],
      'only the changes made are recorded',
    );
  });
});

describe('keys from the window when the audit log cannot take the record', () => {
  it('still gives the person the secret of the key just made, and notes it in diagnostics', async () => {
    const log = capturedLog();
    const keys = new KeysManager({
      store: sandbox.keyStore,
      workspaces: () => app.workspaces(),
      record: async () => {
        throw new Error('the activity log is not open');
      },
      log,
      platform: currentPlatform(),
    });
    const answer = await keys.create({
      name: 'unrecorded',
      workspaces: [sandbox.folderB],
      access: 'read',
    });
    assert.match(answer.secret, /^alk_/);
    await eventually(
      () => log.lines.some((line) => /could not record .*API key created.*not open/.test(line)),
      'the lost record is noted in diagnostics',
    );
    assert.ok(!log.lines.join('\n').includes(answer.secret));
    await keys.revoke('unrecorded');
  });
});
