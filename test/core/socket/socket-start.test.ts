// Starting and stopping the local socket server: the data dir and token on disk, a stale
// socket from a crash, a second Airlock on the same data dir.
import assert from 'node:assert/strict';
import { chmod, lstat, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ALREADY_RUNNING_MESSAGE } from '../../../main/core/socket/claim-socket-path.ts';
import { AirlockSocketServer } from '../../../main/core/socket/socket-server.ts';
import { SocketStartError } from '../../../main/core/socket/socket-start-error.ts';
import { textOf } from '../../helpers/results.ts';
import {
  connectSdkClient,
  NOTE_NAME,
  NOTE_TEXT,
  startSocketAirlock,
  type SocketAirlock,
} from './socket-fixture.ts';
import { plantStaleSocket } from './stale-socket.ts';

async function readsNote(airlock: SocketAirlock): Promise<string> {
  const client = await connectSdkClient(airlock.endpoint, airlock.token);
  try {
    return textOf(
      await client.callTool({ name: 'read_text_file', arguments: { path: NOTE_NAME } }),
    );
  } finally {
    await client.close();
  }
}

describe('starting the local socket server', () => {
  it('creates the bridge token on first start, 32 random bytes in base64url with mode 0600', async () => {
    const airlock = await startSocketAirlock();
    try {
      const file = path.join(airlock.sandbox.dataDir, 'bridge-token');
      assert.match(airlock.token, /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await stat(file)).mode & 0o777, 0o600);
    } finally {
      await airlock.close();
    }
  });

  it('reuses the bridge token on the next start, so installed bridges keep working', async () => {
    const airlock = await startSocketAirlock();
    try {
      await airlock.server.close();
      const restarted = new AirlockSocketServer({
        core: airlock.core,
        dataDir: airlock.sandbox.dataDir,
      });
      await restarted.listen();
      try {
        const file = path.join(airlock.sandbox.dataDir, 'bridge-token');
        assert.equal((await readFile(file, 'utf8')).trim(), airlock.token);
        assert.equal(await readsNote(airlock), NOTE_TEXT);
      } finally {
        await restarted.close();
      }
    } finally {
      await airlock.close();
    }
  });

  it('replaces a bridge token file that other users can read', async () => {
    const exposed = 'B'.repeat(43);
    const airlock = await startSocketAirlock({
      prepare: async (sandbox) => {
        const file = path.join(sandbox.dataDir, 'bridge-token');
        await writeFile(file, exposed);
        await chmod(file, 0o644);
      },
    });
    try {
      assert.notEqual(airlock.token, exposed);
      const file = path.join(airlock.sandbox.dataDir, 'bridge-token');
      assert.equal((await stat(file)).mode & 0o777, 0o600);
      assert.ok(
        airlock.diagnostics.some((line) => /new bridge token.*readable by others/.test(line)),
      );
    } finally {
      await airlock.close();
    }
  });

  it('replaces a bridge token file that holds no token (an interrupted write)', async () => {
    const airlock = await startSocketAirlock({
      prepare: (sandbox) =>
        writeFile(path.join(sandbox.dataDir, 'bridge-token'), '', { mode: 0o600 }),
    });
    try {
      assert.match(airlock.token, /^[A-Za-z0-9_-]{43}$/);
    } finally {
      await airlock.close();
    }
  });

  it('makes a data dir that others can enter private (0700) before listening in it', async () => {
    const airlock = await startSocketAirlock({
      prepare: (sandbox) => chmod(sandbox.dataDir, 0o755),
    });
    try {
      assert.equal((await stat(airlock.sandbox.dataDir)).mode & 0o777, 0o700);
      assert.ok(airlock.diagnostics.some((line) => /now private/.test(line)));
    } finally {
      await airlock.close();
    }
  });

  it('removes a stale socket file left by a crash, and listens in its place', async () => {
    const airlock = await startSocketAirlock({
      prepare: (sandbox) => plantStaleSocket(path.join(sandbox.dataDir, 'airlock.sock')),
    });
    try {
      assert.equal(await readsNote(airlock), NOTE_TEXT);
    } finally {
      await airlock.close();
    }
  });

  it('refuses to start while another Airlock serves the same data dir, and leaves it serving, even once closed', async () => {
    const running = await startSocketAirlock();
    try {
      const second = new AirlockSocketServer({
        core: running.core,
        dataDir: running.sandbox.dataDir,
      });
      await assert.rejects(second.listen(), (error: unknown) => {
        assert.ok(error instanceof SocketStartError);
        assert.equal(error.message, ALREADY_RUNNING_MESSAGE);
        return true;
      });
      // The app closes a server whose start was refused; that must not touch the running one.
      await second.close();
      assert.ok((await lstat(running.endpoint)).isSocket());
      assert.equal(await readsNote(running), NOTE_TEXT);
    } finally {
      await running.close();
    }
  });

  it('refuses to replace something at the socket path that is not a socket', async () => {
    await assert.rejects(
      startSocketAirlock({
        prepare: (sandbox) => writeFile(path.join(sandbox.dataDir, 'airlock.sock'), 'mine'),
      }),
      /exists and is not a socket/,
    );
  });

  it('refuses a data dir so deep that the socket path would be cut short', async () => {
    const airlock = await startSocketAirlock();
    try {
      const deep = await airlock.sandbox.dir('d'.repeat(100));
      const server = new AirlockSocketServer({ core: airlock.core, dataDir: deep });
      await assert.rejects(server.listen(), /too long for this system/);
    } finally {
      await airlock.close();
    }
  });

  it('removes the socket file when it stops, and keeps the token', async () => {
    const airlock = await startSocketAirlock();
    const { dataDir } = airlock.sandbox;
    await airlock.server.close();
    await assert.rejects(lstat(airlock.endpoint), { code: 'ENOENT' });
    assert.equal(
      (await readFile(path.join(dataDir, 'bridge-token'), 'utf8')).trim(),
      airlock.token,
    );
    await airlock.close();
  });
});
