// End to end: a real MCP client changes files through `airlock serve --stdio`, and the person
// lists and undoes those changes with `airlock history` and `airlock restore`, by the change
// id the agent was given and by the number of the call's activity record.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CLIENT_KINDS, connectClient } from '../helpers/each-client.ts';
import { exists } from '../core/history/history-fixtures.ts';
import { restoreSandbox } from './restore-cli-fixture.ts';

for (const kind of CLIENT_KINDS) {
  describe(`changes made through the ${kind} SDK client`, () => {
    it('are listed by airlock history and undone by airlock restore', async () => {
      const box = await restoreSandbox();
      const readme = await box.file(box.ws, 'README.md', '# Taxes 2024\nKeep the receipts.\n');
      const client = await connectClient(kind, {
        workspaces: [box.ws],
        allowWrite: true,
        dataDir: box.dataDir,
        home: box.home,
      });
      let written: Record<string, unknown> | undefined;
      let made: Record<string, unknown> | undefined;
      try {
        const write = await client.call('write_file', {
          path: 'README.md',
          content: 'overwritten by the agent\n',
        });
        assert.equal(write.isError, undefined, JSON.stringify(write.content));
        written = write.structuredContent as Record<string, unknown> | undefined;
        const create = await client.call('create_directory', { path: 'drafts/june' });
        made = create.structuredContent as Record<string, unknown> | undefined;
      } finally {
        await client.close();
      }
      const changeId = String(written?.changeId);
      assert.equal(written?.undoable, true);
      assert.equal(await readFile(readme, 'utf8'), 'overwritten by the agent\n');

      // The server's folder was named on its command line, not saved in the app: name it again.
      const history = await box.airlock('history', '--workspace', box.ws);
      assert.equal(history.code, 0, history.stderr);
      assert.match(
        history.stdout,
        new RegExp(`^${changeId}\t.*\tWrote over README\\.md\tcan be undone$`, 'm'),
      );

      const byNumber = await box.airlock(
        'restore',
        String(await box.seqOf({ id: changeId })),
        '--workspace',
        box.ws,
      );
      assert.equal(byNumber.code, 0, byNumber.stderr);
      assert.equal(await readFile(readme, 'utf8'), '# Taxes 2024\nKeep the receipts.\n');

      const byId = await box.airlock('restore', String(made?.changeId), '--workspace', box.ws);
      assert.equal(byId.code, 0, byId.stderr);
      assert.equal(await exists(path.join(box.ws, 'drafts')), false);

      const verify = await box.airlock('audit', 'verify');
      assert.equal(verify.code, 0, verify.stdout + verify.stderr);
    });
  });
}
