import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsApproval } from '../../../main/core/approvals/needs-approval.ts';
import { CHANGE_ACTIONS, type ChangeAction } from '../../../preload/contract/approval-views.ts';

const asked = (setting: Parameters<typeof needsApproval>[0]) =>
  CHANGE_ACTIONS.filter((action) => needsApproval(setting, action, false));

describe('which changes wait for the person', () => {
  it('"Agents may change files without asking": none', () => {
    assert.deepEqual(asked('nothing'), []);
  });

  it('"Ask me before deleting, moving or replacing a file": everything that removes or overwrites', () => {
    const expected: ChangeAction[] = ['replace', 'edit', 'delete', 'move', 'undo'];
    assert.deepEqual(asked('replacing'), expected);
  });

  it('"Ask me before every change": all of them, new files and folders too', () => {
    assert.deepEqual(asked('every-change'), [...CHANGE_ACTIONS]);
  });

  it('a launch point always waits, whatever the folder says', () => {
    for (const action of CHANGE_ACTIONS) assert.equal(needsApproval('nothing', action, true), true);
  });
});
