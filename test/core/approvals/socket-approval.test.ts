// A standalone server asks the running app for the person's OK over the local socket: a real
// AirlockSocketServer with a stub approver standing for the app's approvals, and the
// SocketApprover that `airlock serve --stdio` and `--http` use, talking to it.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { access, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type {
  ApprovalAsk,
  ApprovalVerdict,
  Approver,
} from '../../../main/core/approvals/approval-ask.ts';
import { MAX_APPROVAL_REQUEST_BYTES } from '../../../main/core/approvals/approval-wire.ts';
import { callKey } from '../../../main/core/approvals/canonical-call.ts';
import { BRIDGE_TOKEN_FILE } from '../../../main/core/socket/bridge-token.ts';
import { WRONG_TOKEN_MESSAGE } from '../../../main/core/socket/handshake.ts';
import { SocketApprover } from '../../../main/core/socket/socket-approver.ts';
import { capturedLog } from '../../helpers/captured-log.ts';
import { plantStaleSocket } from '../socket/stale-socket.ts';
import { connectRaw, startSocketAirlock, type SocketAirlock } from '../socket/socket-fixture.ts';

const WRITTEN = 'the new content, which stays on this side of the socket';
const REQUESTER = { client: 'Claude Code 2.1', transport: 'stdio' } as const;
const ARGS = { path: 'note.txt', content: WRITTEN };

/** What the stub approver was asked, with the signal the app's wait was given. */
interface Asked {
  readonly ask: ApprovalAsk;
  readonly signal: AbortSignal;
}

/** The app's approvals, as far as the socket can tell: answers as the test says. */
class StubApprover implements Approver {
  readonly asked: Asked[] = [];
  answer: (asked: Asked) => Promise<ApprovalVerdict> = async () => GRANTED;

  ask(ask: ApprovalAsk, signal: AbortSignal): Promise<ApprovalVerdict> {
    const asked = { ask, signal };
    this.asked.push(asked);
    return this.answer(asked);
  }
}

const GRANTED: ApprovalVerdict = { granted: true, approvalId: 'a1b2c3d4e5f60718', scope: 'once' };

/** Waits as the app's approvals do, until the wait is ended, then answers "waiting". */
function untilAborted({ signal }: Asked): Promise<ApprovalVerdict> {
  return new Promise((resolve) => {
    signal.addEventListener('abort', () => resolve({ granted: false, refusal: 'waiting' }), {
      once: true,
    });
  });
}

function askFor(workspace: string): ApprovalAsk {
  return {
    requester: REQUESTER,
    workspace,
    tool: 'write_file',
    args: ARGS,
    callKey: callKey(REQUESTER, 'write_file', ARGS),
    correlationId: '0123456789ab',
    action: 'replace',
    path: path.join(workspace, 'note.txt'),
    launchPoint: false,
    preview: {
      kind: 'diff',
      diff: '--- note.txt\n+++ note.txt\n@@ -1 +1 @@\n-old\n+new\n',
      truncated: false,
      beforeBytes: 4,
      afterBytes: 4,
    },
    undoable: true,
  };
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("asking the running app for the person's OK over the local socket", () => {
  const approver = new StubApprover();
  let app: SocketAirlock;
  let ask: ApprovalAsk;
  let standalone: SocketApprover;

  before(async () => {
    app = await startSocketAirlock({ approver, handshakeTimeoutMs: 500 });
    ask = askFor(app.sandbox.ws);
    standalone = new SocketApprover(app.sandbox.dataDir);
  });
  after(() => app?.close());
  beforeEach(() => {
    approver.asked.length = 0;
    approver.answer = async () => GRANTED;
  });

  function rawApprovalRequest(token: string, requestLine: string): Promise<string[]> {
    return (async () => {
      const connection = await connectRaw(app.endpoint);
      connection.socket.write(
        `${JSON.stringify({ airlock: 'approval/1', token })}\n${requestLine}`,
      );
      const reply = await connection.nextLine();
      await connection.closed;
      return [reply];
    })();
  }

  it("passes the person's OK through, with its approval and scope", async () => {
    const verdict = await standalone.ask(ask, new AbortController().signal);
    assert.deepEqual(verdict, GRANTED);
    assert.equal(approver.asked.length, 1);
    const got = approver.asked[0]!.ask;
    assert.deepEqual(got.requester, REQUESTER);
    assert.equal(got.callKey, ask.callKey, "the call's identity is the real arguments', kept");
    assert.deepEqual(
      { ...got, args: undefined },
      { ...ask, args: undefined },
      'everything but the arguments arrives as it was sent',
    );
  });

  it('sends the arguments redacted: file content never crosses the socket', async () => {
    await standalone.ask(ask, new AbortController().signal);
    const got = approver.asked[0]!.ask;
    assert.equal(got.args.path, 'note.txt');
    assert.deepEqual(Object.keys(got.args.content as object), ['bytes', 'sha256']);
    assert.ok(!JSON.stringify(got).includes(WRITTEN));
  });

  it("passes the person's Deny, and the app's other refusals, through", async () => {
    for (const refusal of ['denied', 'waiting', 'expired', 'flood', 'paused'] as const) {
      const answer: ApprovalVerdict = { granted: false, refusal, approvalId: 'ffeeddccbbaa0099' };
      approver.answer = async () => answer;
      assert.deepEqual(await standalone.ask(ask, new AbortController().signal), answer);
    }
  });

  it("ends the app's wait when the standalone hangs up (its agent cancelled the call)", async () => {
    approver.answer = untilAborted;
    const cancel = new AbortController();
    const verdict = standalone.ask(ask, cancel.signal);
    await waitFor(() => approver.asked.length === 1, 'the app to be asked');
    const { signal } = approver.asked[0]!;
    assert.equal(signal.aborted, false);
    cancel.abort();
    assert.deepEqual(await verdict, { granted: false, refusal: 'waiting' });
    await waitFor(() => signal.aborted, "the app's wait to end");
  });

  it('does not ask at all when the agent cancelled before', async () => {
    const cancel = new AbortController();
    cancel.abort();
    assert.deepEqual(await standalone.ask(ask, cancel.signal), {
      granted: false,
      refusal: 'waiting',
    });
    assert.equal(approver.asked.length, 0);
  });

  it('refuses a wrong token as no app, asks nothing, and records an auth failure', async () => {
    const elsewhere = await app.sandbox.dir('other-data');
    await writeFile(path.join(elsewhere, BRIDGE_TOKEN_FILE), `${'w'.repeat(43)}\n`, {
      mode: 0o600,
    });
    const log = capturedLog();
    const impostor = new SocketApprover(elsewhere, { endpoint: app.endpoint, log });
    assert.deepEqual(await impostor.ask(ask, new AbortController().signal), {
      granted: false,
      refusal: 'no_app',
    });
    assert.equal(approver.asked.length, 0);
    const refusal = (await app.auditRecords()).findLast((r) => r.event === 'auth_failure');
    assert.equal(refusal?.transport, 'socket');
    assert.equal(refusal?.reason, 'wrong bridge token');
    assert.deepEqual(refusal?.detail, { client: REQUESTER.client });
    assert.ok(
      log.lines.some((line) => line.includes(WRONG_TOKEN_MESSAGE)),
      log.lines.join('\n'),
    );
  });

  it('refuses a request line that is not JSON with a clear error, and keeps serving', async () => {
    const [reply] = await rawApprovalRequest(app.token, 'not an ask\n');
    assert.deepEqual(JSON.parse(reply!), {
      ok: false,
      error: 'Airlock expected an approval request as one line of JSON.',
    });
    assert.equal(approver.asked.length, 0);
    assert.deepEqual(await standalone.ask(ask, new AbortController().signal), GRANTED);
  });

  it('refuses a malformed ask, naming the fields and never their values', async () => {
    const bad = { ask: { ...ask, callKey: 'not a key', action: 'format-disk', args: [] } };
    const [reply] = await rawApprovalRequest(app.token, `${JSON.stringify(bad)}\n`);
    const parsed = JSON.parse(reply!) as { ok: boolean; error: string };
    assert.equal(parsed.ok, false);
    assert.match(parsed.error, /malformed approval request \(.*ask\.callKey/);
    assert.match(parsed.error, /ask\.action/);
    assert.ok(!parsed.error.includes('format-disk'));
    assert.equal(approver.asked.length, 0);
    assert.deepEqual(await standalone.ask(ask, new AbortController().signal), GRANTED);
  });

  it('refuses a request line longer than the bound without waiting for its end', async () => {
    const endless = `{"ask":{"tool":"${'x'.repeat(MAX_APPROVAL_REQUEST_BYTES + 1)}`;
    const [reply] = await rawApprovalRequest(app.token, endless);
    const parsed = JSON.parse(reply!) as { ok: boolean; error: string };
    assert.equal(parsed.ok, false);
    assert.match(parsed.error, /longer than 524288 bytes/);
    assert.equal(approver.asked.length, 0);
    assert.deepEqual(await standalone.ask(ask, new AbortController().signal), GRANTED);
  });

  it('closes an approval connection that sends no request in time', async () => {
    const [reply] = await rawApprovalRequest(app.token, '');
    assert.match(reply!, /no approval request within/);
  });

  it('makes a preview too long for the socket fit, and still asks', async () => {
    // Control characters take six bytes each in JSON: 50 such names are over a megabyte.
    const sample = Array.from({ length: 50 }, (_, index) => `${index}${'\u0001'.repeat(4000)}`);
    const big: ApprovalAsk = {
      ...ask,
      action: 'delete',
      preview: { kind: 'folder', files: 50, folders: 0, bytes: 0, sample, atLeast: false },
    };
    assert.deepEqual(await standalone.ask(big, new AbortController().signal), GRANTED);
    const preview = approver.asked[0]!.ask.preview;
    assert.deepEqual(preview.kind === 'folder' && preview.sample, sample.slice(0, 5));
  });
});

describe('a standalone with no app to ask', () => {
  let app: SocketAirlock;
  let ask: ApprovalAsk;
  before(async () => {
    app = await startSocketAirlock();
    ask = askFor(app.sandbox.ws);
  });
  after(() => app?.close());

  it('is told no app when the socket server is no app (airlock serve --socket)', async () => {
    const standalone = new SocketApprover(app.sandbox.dataDir);
    assert.deepEqual(await standalone.ask(ask, new AbortController().signal), {
      granted: false,
      refusal: 'no_app',
    });
  });

  it("is told no app when nothing listens, and when only a crashed app's socket is left", async () => {
    const dataDir = await app.sandbox.dir('no-app');
    await writeFile(path.join(dataDir, BRIDGE_TOKEN_FILE), `${app.token}\n`, { mode: 0o600 });
    const standalone = new SocketApprover(dataDir);
    const signal = new AbortController().signal;
    assert.deepEqual(await standalone.ask(ask, signal), { granted: false, refusal: 'no_app' });
    await plantStaleSocket(path.join(dataDir, 'airlock.sock'));
    assert.deepEqual(await standalone.ask(ask, signal), { granted: false, refusal: 'no_app' });
  });

  it('is told no app when no app ever ran on the data dir, and writes no token', async () => {
    const dataDir = await app.sandbox.dir('never-ran');
    const standalone = new SocketApprover(dataDir, { endpoint: app.endpoint });
    assert.deepEqual(await standalone.ask(ask, new AbortController().signal), {
      granted: false,
      refusal: 'no_app',
    });
    await assert.rejects(access(path.join(dataDir, BRIDGE_TOKEN_FILE)), { code: 'ENOENT' });
  });
});

describe('a standalone facing an endpoint that does not answer as the app does', () => {
  let app: SocketAirlock;
  let ask: ApprovalAsk;
  let fake: net.Server | undefined;
  before(async () => {
    app = await startSocketAirlock();
    ask = askFor(app.sandbox.ws);
  });
  after(async () => {
    await app?.close();
  });

  /** Listens where the standalone will connect, answering each connection as told. */
  async function fakeApp(answer: (socket: net.Socket) => void): Promise<SocketApprover> {
    const dir = await app.sandbox.dir(`fake-${Math.random().toString(36).slice(2)}`);
    await writeFile(path.join(dir, BRIDGE_TOKEN_FILE), `${app.token}\n`, { mode: 0o600 });
    fake = net.createServer((socket) => {
      socket.on('error', () => undefined);
      // Read what the standalone sends, or its hang-up would never be noticed.
      socket.resume();
      answer(socket);
    });
    fake.listen(path.join(dir, 'airlock.sock'));
    await once(fake, 'listening');
    return new SocketApprover(dir, { answerTimeoutMs: 300 });
  }

  async function stopFake(): Promise<void> {
    const server = fake;
    fake = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  for (const [name, line] of [
    ['a grant without an approval', '{"ok":true,"verdict":{"granted":true,"scope":"once"}}\n'],
    [
      'a grant of another scope',
      '{"ok":true,"verdict":{"granted":true,"approvalId":"a1b2c3d4e5f60718","scope":"forever"}}\n',
    ],
    ['a line that is not JSON', 'yes\n'],
    ['no line at all, then a hang-up', ''],
  ] as const) {
    it(`takes ${name} as no app, never as granted`, async () => {
      const standalone = await fakeApp((socket) => socket.end(line));
      try {
        assert.deepEqual(await standalone.ask(ask, new AbortController().signal), {
          granted: false,
          refusal: 'no_app',
        });
      } finally {
        await stopFake();
      }
    });
  }

  it('gives up on an endpoint that never answers', async () => {
    const held: net.Socket[] = [];
    const standalone = await fakeApp((socket) => held.push(socket));
    try {
      const started = Date.now();
      assert.deepEqual(await standalone.ask(ask, new AbortController().signal), {
        granted: false,
        refusal: 'no_app',
      });
      assert.ok(Date.now() - started < 5000);
    } finally {
      for (const socket of held) socket.destroy();
      await stopFake();
    }
  });
});

describe('the app closing its socket while a standalone waits', () => {
  it("answers waiting: the request stays in the window for the call's retry", async () => {
    const approver = new StubApprover();
    approver.answer = untilAborted;
    const app = await startSocketAirlock({ approver });
    try {
      const standalone = new SocketApprover(app.sandbox.dataDir);
      const verdict = standalone.ask(askFor(app.sandbox.ws), new AbortController().signal);
      await waitFor(() => approver.asked.length === 1, 'the app to be asked');
      await app.server.close();
      assert.deepEqual(await verdict, { granted: false, refusal: 'waiting' });
    } finally {
      await app.close();
    }
  });
});
