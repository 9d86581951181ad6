// The special-file cases through the v1 SDK client that most MCP clients still use: a pipe
// named like a credential file or a picture, a socket and a device in a workspace are each
// refused at once with a plain message, and the server keeps answering. The full matrix,
// with both kinds of file access and the swap races, runs through the v2 client in
// special-files.test.ts and credential-swap-race.test.ts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { connectClient, type ConnectedClient } from '../helpers/each-client.ts';
import { makeFifo, releaseFifo } from '../helpers/fifo.ts';
import { assertOk, assertRefused, type ToolArgs } from '../helpers/results.ts';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.ts';

const SPECIAL = /special file \(a pipe, socket or device\), not a regular file/;
/** Far longer than any of these calls takes; a call that waits on a pipe never answers. */
const PROMPT_MS = 5000;

describe('attack: special files in a workspace (v1 client)', () => {
  let sandbox: Sandbox;
  let client: ConnectedClient;
  let socket: net.Server;
  const fifos: string[] = [];

  before(async () => {
    sandbox = await makeSandbox();
    await mkdir(path.join(sandbox.ws, 'special'));
    for (const name of ['.npmrc', '.pypirc', 'picture.png'])
      fifos.push(makeFifo(path.join(sandbox.ws, 'special', name)));
    socket = net.createServer((connection) => connection.destroy());
    await new Promise<void>((resolve) =>
      socket.listen(path.join(sandbox.ws, 'special', 'socket.txt'), resolve),
    );
    execFileSync('mknod', [path.join(sandbox.ws, 'special', 'device.txt'), 'c', '1', '3']);
    client = await connectClient('v1', {
      workspaces: [sandbox.ws],
      dataDir: sandbox.dataDir,
      home: sandbox.home,
      allowWrite: true,
    });
  });
  after(async () => {
    await client?.close();
    await new Promise((resolve) => socket?.close(resolve));
    await sandbox?.cleanup();
  });

  /** The call's refusal, which must come before PROMPT_MS; the pipes are freed either way. */
  async function refusedPromptly(tool: string, args: ToolArgs): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        client.call(tool, args),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`${tool} ${JSON.stringify(args)} did not answer`)),
            PROMPT_MS,
          );
        }),
      ]);
      const text = assertRefused(result, [], `${tool} ${JSON.stringify(args)}`);
      assert.match(text, SPECIAL, `${tool} ${JSON.stringify(args)}`);
    } finally {
      clearTimeout(timer);
      for (const fifo of fifos) releaseFifo(fifo);
    }
  }

  it('refuses each named case at once and keeps serving', async () => {
    await refusedPromptly('read_media_file', { path: 'special/picture.png' });
    await refusedPromptly('read_text_file', { path: 'special/.npmrc' });
    await refusedPromptly('edit_file', {
      path: 'special/.pypirc',
      edits: [{ oldText: 'a', newText: 'b' }],
    });
    await refusedPromptly('write_file', { path: 'special/.npmrc', content: 'registry=x\n' });
    for (const name of ['socket.txt', 'device.txt']) {
      await refusedPromptly('read_text_file', { path: `special/${name}` });
      await refusedPromptly('read_media_file', { path: `special/${name}` });
    }
    assertOk(await client.call('list_allowed_directories', {}));
  });
});
