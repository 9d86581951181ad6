// A restore goes through the policy and the verified opens, so a folder swapped for a link
// to outside between the check and the write cannot redirect it. Each test makes the swap
// after every one of the restore's path resolutions in turn, so every gap between a check
// and the use of its answer is tried, and proves nothing outside the workspace changed.
import assert from 'node:assert/strict';
import { readFile, rename, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ChangeJournal } from '../../../main/core/history/change-journal.ts';
import { restoreChange } from '../../../main/core/history/restore-change.ts';
import { PathPolicy, type ResolvedPath } from '../../../main/core/policy/path-policy.ts';
import { put } from '../fixtures.ts';
import { sameDiskLayout, snapshot } from './history-fixtures.ts';
import { agentOf } from './recorded-tools.ts';

/** A policy that calls `afterResolve` once each path is resolved, before the caller uses it. */
class PolicyWithGap extends PathPolicy {
  afterResolve: (count: number) => Promise<void> = async () => undefined;
  resolutions = 0;

  static from(policy: PathPolicy): PolicyWithGap {
    return new PolicyWithGap(
      policy.platform,
      policy.workspaces,
      policy.protections,
      policy.fileAccess,
    );
  }

  override async resolveExisting(raw: string): Promise<ResolvedPath> {
    return this.gap(await super.resolveExisting(raw));
  }

  override async resolveForCreate(raw: string): Promise<ResolvedPath> {
    return this.gap(await super.resolveForCreate(raw));
  }

  override async resolveLinkItself(raw: string): Promise<ResolvedPath> {
    return this.gap(await super.resolveLinkItself(raw));
  }

  private async gap(resolved: ResolvedPath): Promise<ResolvedPath> {
    this.resolutions += 1;
    await this.afterResolve(this.resolutions);
    return resolved;
  }
}

interface Scenario {
  /** What the agent did, to be restored; `swapped` is the folder the attacker replaces. */
  readonly name: string;
  readonly swapped: string;
  readonly prepare: (ws: string) => Promise<void>;
  readonly change: (agent: ReturnType<typeof agentOf>) => Promise<{ id: string }>;
}

const scenarios: Scenario[] = [
  {
    name: 'an overwritten file written back, its folder swapped',
    swapped: 'docs',
    prepare: async (ws) => void (await put(ws, 'docs/notes.txt', 'the original')),
    change: (agent) => agent.write('docs/notes.txt', 'by the agent'),
  },
  {
    name: 'an overwritten file written back, a folder two levels up swapped',
    swapped: 'deep',
    prepare: async (ws) => void (await put(ws, 'deep/er/notes.txt', 'the original')),
    change: (agent) => agent.write('deep/er/notes.txt', 'by the agent'),
  },
  {
    name: 'a deleted file put back, its folder swapped',
    swapped: 'docs',
    prepare: async (ws) => void (await put(ws, 'docs/notes.txt', 'the original')),
    change: (agent) => agent.delete('docs/notes.txt'),
  },
  {
    name: 'a moved file moved back, its old folder swapped',
    swapped: 'docs',
    prepare: async (ws) => void (await put(ws, 'docs/notes.txt', 'the original')),
    change: (agent) => agent.move('docs/notes.txt', 'notes-moved.txt'),
  },
];

/** Makes the scenario's change; returns what a restore needs, before any swap. */
async function arrange(scenario: Scenario) {
  const layout = await sameDiskLayout();
  await scenario.prepare(layout.ws);
  // Outside, a folder shaped like the swapped one, with files a redirected restore would hit.
  await put(layout.outside, 'notes.txt', 'outside: must not change');
  await put(layout.outside, 'er/notes.txt', 'outside: must not change');
  const change = await scenario.change(agentOf(layout.journal, layout.policy));
  const policy = PolicyWithGap.from(layout.policy);
  return { ...layout, change, policy };
}

describe('a restore whose folder is swapped for a link to outside', () => {
  for (const scenario of scenarios) {
    it(`writes nothing outside: ${scenario.name}`, async () => {
      const counting = await arrange(scenario);
      await restoreChange(counting.journal, counting.policy, counting.change.id);
      const resolutions = counting.policy.resolutions;
      assert.ok(resolutions > 0);

      for (let swapAfter = 1; swapAfter <= resolutions; swapAfter += 1) {
        const { ws, outside, dataDir, change, policy } = await arrange(scenario);
        const outsideBefore = await snapshot(outside);
        const target = path.join(ws, scenario.swapped);
        policy.afterResolve = async (count) => {
          if (count !== swapAfter) return;
          await rename(target, `${target}-aside`);
          await symlink(outside, target);
        };
        await assert.rejects(
          restoreChange(await ChangeJournal.open(dataDir), policy, change.id),
          `the restore must refuse when the swap follows resolution ${swapAfter}`,
        );
        assert.deepEqual(await snapshot(outside), outsideBefore, `after resolution ${swapAfter}`);
        assert.equal(
          await readFile(path.join(outside, 'notes.txt'), 'utf8'),
          'outside: must not change',
        );
        await rm(target);
        await rename(`${target}-aside`, target);
      }
    });
  }
});
