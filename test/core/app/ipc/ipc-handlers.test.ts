// The main-process side of the IPC contract, on a real app: every payload is checked
// against the contract first, results are envelopes, expected failures keep their code,
// and anything unexpected becomes a calm "internal" error with the cause in the log only.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createIpcHandlers,
  type IpcHandlerDependencies,
  type IpcHandlers,
} from '../../../../main/core/app/ipc/ipc-handlers.ts';
import type { AirlockApp } from '../../../../main/core/app/start-airlock-app.ts';
import { INVOKE_CHANNELS } from '../../../../preload/ipc-channels.ts';
import type { Envelope } from '../../../../preload/ipc-contract.ts';
import { capturedLog, makeAppSandbox, statusWith, type AppSandbox } from '../app-fixture.ts';
import { data, refusal, startHandlers } from '../handlers-fixture.ts';

let sandbox: AppSandbox;
let app: AirlockApp;
let handlers: IpcHandlers;
/** What the folder picker answers next; undefined is a cancel. */
let picked: string | undefined;

before(async () => {
  sandbox = await makeAppSandbox();
  ({ app, handlers } = await startHandlers(sandbox, {
    dependencies: { pickFolder: async () => picked },
  }));
});
after(async () => sandbox.cleanup());

function errorCode(envelope: Envelope<unknown>): string {
  return refusal(envelope).code;
}

describe('IPC handlers: the contract is checked first', () => {
  it('has a handler for every channel of the contract', () => {
    assert.deepEqual(Object.keys(handlers).sort(), [...INVOKE_CHANNELS].sort());
  });

  const refused: [keyof IpcHandlers, unknown][] = [
    ['setPaused', { paused: 'yes' }],
    ['setPaused', undefined],
    ['setPaused', { paused: true, extra: 1 }],
    ['getStatus', { sneaky: true }],
    ['addWorkspace', { access: 'everything' }],
    ['addWorkspace', { access: 'read', path: '/' }],
    ['removeWorkspace', { path: '' }],
    ['setWorkspaceAccess', { path: '/x', access: 'admin' }],
    ['updateSettings', { workspaces: [{ path: '/', access: 'write' }] }],
    ['updateSettings', { access: { paused: false } }],
    ['updateSettings', { limits: { maxEverything: 1 } }],
  ];
  for (const [channel, payload] of refused) {
    it(`refuses ${channel} with ${JSON.stringify(payload)} as invalid_request`, async () => {
      const envelope = await handlers[channel](payload);
      assert.equal(errorCode(envelope), 'invalid_request');
      assert.match(envelope.ok ? '' : envelope.error.message, new RegExp(`request to ${channel}`));
    });
  }

  it('changes nothing when it refuses a payload', async () => {
    await handlers.updateSettings({ workspaces: [{ path: '/', access: 'write' }] });
    assert.deepEqual(app.settings.settings.workspaces, []);
  });
});

describe('IPC handlers: the work and its envelopes', () => {
  it('answers getStatus with the status', async () => {
    const status = data(await handlers.getStatus(undefined));
    assert.equal(status.paused, false);
    assert.deepEqual(
      status.transports.map((transport) => transport.transport),
      ['http', 'socket'],
    );
  });

  it('adds the folder the native picker returns, with the access asked for', async () => {
    picked = sandbox.folderA;
    const choice = data(await handlers.pickNewWorkspace(undefined));
    assert.equal(choice?.path, sandbox.folderA);
    const result = data(await handlers.addWorkspace({ choice: choice?.id ?? '', access: 'write' }));
    assert.deepEqual(result.added, {
      path: sandbox.folderA,
      access: 'write',
      askBefore: 'replacing',
      maskSecrets: true,
      available: true,
    });
    assert.deepEqual(result.workspaces, [result.added]);
  });

  it('chooses nothing when the person cancels the picker', async () => {
    picked = undefined;
    assert.equal(data(await handlers.pickNewWorkspace(undefined)), null);
    assert.equal(app.workspaces().length, 1);
  });

  it('keeps the code of an expected refusal: a folder shared twice is already_added', async () => {
    picked = sandbox.folderA;
    assert.equal(errorCode(await handlers.pickNewWorkspace(undefined)), 'already_added');
    picked = path.join(sandbox.root, 'missing');
    assert.equal(errorCode(await handlers.pickNewWorkspace(undefined)), 'invalid_workspace');
  });

  it('changes and removes a folder, answering with the new list', async () => {
    const changed = data(
      await handlers.setWorkspaceAccess({ path: sandbox.folderA, access: 'read' }),
    );
    assert.equal(changed[0]?.access, 'read');
    assert.deepEqual(data(await handlers.removeWorkspace({ path: sandbox.folderA })), []);
    assert.equal(errorCode(await handlers.removeWorkspace({ path: sandbox.folderA })), 'not_found');
  });

  it('saves settings and answers with all of them', async () => {
    const settings = data(await handlers.updateSettings({ app: { theme: 'dark' } }));
    assert.equal(settings.app.theme, 'dark');
    assert.equal(data(await handlers.getSettings(undefined)).app.theme, 'dark');
  });

  it('refuses a value out of bounds at the contract, naming the setting', async () => {
    const envelope = await handlers.updateSettings({ limits: { maxReadBytes: 5 } });
    assert.equal(errorCode(envelope), 'invalid_request');
    assert.match(envelope.ok ? '' : envelope.error.message, /limits\.maxReadBytes: Too small/);
  });

  it('reports settings that break a rule joining two of them as invalid_settings', async () => {
    const envelope = await handlers.updateSettings({ http: { requestTimeoutMs: 2000 } });
    assert.equal(errorCode(envelope), 'invalid_settings');
    assert.match(envelope.ok ? '' : envelope.error.message, /http\.requestTimeoutMs/);
  });

  it('pauses and resumes through setPaused', async () => {
    assert.equal(data(await handlers.setPaused({ paused: true })).paused, true);
    assert.equal(app.access.paused, true);
    assert.equal(data(await handlers.setPaused({ paused: false })).paused, false);
  });
});

describe('IPC handlers: unexpected failures', () => {
  function handlersOver(fake: Partial<AirlockApp>) {
    const log = capturedLog();
    const deps = {
      app: fake,
      pickFolder: async () => undefined,
      log,
    } as unknown as IpcHandlerDependencies;
    return { handlers: createIpcHandlers(deps), log };
  }

  it('hides the cause of a crash from the window and logs it', async () => {
    const { handlers, log } = handlersOver({
      status: () => {
        throw new Error('disk on fire at /secret/place');
      },
    });
    const envelope = await handlers.getStatus(undefined);
    assert.equal(errorCode(envelope), 'internal');
    assert.doesNotMatch(JSON.stringify(envelope), /secret/);
    assert.ok(log.lines.some((line) => line.includes('disk on fire')));
  });

  it('refuses to send a result that breaks the contract', async () => {
    const { handlers, log } = handlersOver({
      status: () => ({ ...statusWith(), clientsConnected: -1 }),
    });
    assert.equal(errorCode(await handlers.getStatus(undefined)), 'internal');
    assert.ok(log.lines.some((line) => line.includes('outside the contract')));
  });
});
