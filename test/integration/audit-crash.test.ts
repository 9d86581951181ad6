// The audit trail survives the server being killed mid-burst: every call whose answer the
// client received has its record, and the log verifies, or shows only a torn tail that the
// next start repairs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import type { AuditRecord } from '../../main/core/audit/audit-record.ts';
import { makeSandbox } from '../helpers/sandbox.ts';
import { CLI_PATH, serveArgs, serverEnv } from '../helpers/server.ts';

const sandbox = await makeSandbox();
after(() => sandbox.cleanup());

const FILES = 400;
for (let index = 0; index < FILES; index += 1)
  await sandbox.file(sandbox.ws, `notes/n${index}.txt`, `note ${index}\n`);
const auditFile = path.join(sandbox.dataDir, 'audit', 'audit.jsonl');

function auditedPaths(): Set<string> {
  const paths = new Set<string>();
  for (const line of readFileSync(auditFile, 'utf8').split('\n')) {
    try {
      const record = JSON.parse(line) as AuditRecord;
      const asked = (record.args as { path?: unknown } | undefined)?.path;
      if (typeof asked === 'string') paths.add(asked);
    } catch {
      // A torn last line: checked by verify below.
    }
  }
  return paths;
}

function verify(): { status: number | null; stdout: string } {
  const result = spawnSync(
    process.execPath,
    [CLI_PATH, 'audit', 'verify', '--data-dir', sandbox.dataDir],
    {
      env: serverEnv(sandbox.home),
      encoding: 'utf8',
    },
  );
  return { status: result.status, stdout: result.stdout + result.stderr };
}

describe('the audit trail when the server is killed mid-burst', () => {
  it('has a record for every answered call, and verifies after the next start', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: serveArgs({ workspaces: [sandbox.ws], dataDir: sandbox.dataDir, home: sandbox.home }),
      env: serverEnv(sandbox.home),
      cwd: sandbox.home,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'crash-test', version: '1.0.0' });
    client.onerror = () => undefined;
    await client.connect(transport);

    const answered: string[] = [];
    const calls = Array.from({ length: FILES }, (_, index) => {
      const asked = `notes/n${index}.txt`;
      return client.callTool({ name: 'read_text_file', arguments: { path: asked } }).then(
        (result) => {
          if (result.isError !== true) answered.push(asked);
        },
        () => undefined,
      );
    });
    // Kill once part of the burst is answered: the rest is in flight or not yet read.
    while (answered.length < FILES / 4) await new Promise((resolve) => setTimeout(resolve, 2));
    process.kill(transport.pid as number, 'SIGKILL');
    await Promise.all(calls);
    await client.close().catch(() => undefined);

    assert.ok(
      answered.length >= FILES / 4 && answered.length < FILES,
      `answered ${answered.length} of ${FILES}`,
    );
    const recorded = auditedPaths();
    const missing = answered.filter((asked) => !recorded.has(asked));
    assert.deepEqual(missing, [], 'every answered call has its audit record');

    const afterKill = verify();
    assert.ok(
      afterKill.status === 0 || afterKill.status === 3,
      `verify after the kill: ${afterKill.stdout}`,
    );

    // The next start repairs whatever the kill left; then the whole chain verifies.
    const restarted = new Client({ name: 'crash-test', version: '1.0.0' });
    await restarted.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: serveArgs({ workspaces: [sandbox.ws], dataDir: sandbox.dataDir, home: sandbox.home }),
        env: serverEnv(sandbox.home),
        cwd: sandbox.home,
        stderr: 'pipe',
      }),
    );
    await restarted.callTool({ name: 'list_allowed_directories', arguments: {} });
    await restarted.close();
    const afterRestart = verify();
    assert.equal(afterRestart.status, 0, afterRestart.stdout);
  });
});
