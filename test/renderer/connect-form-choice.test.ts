// Which folders the Connect form ticks when it opens. The key Airlock makes for the app
// reaches exactly the folders ticked, so none is ticked for the person to widen by
// accident; only a single shared folder is ticked, as there is no other choice.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstChosenWorkspaces } from '../../renderer/screens/connections/connection-text.ts';

describe('the folders ticked when the Connect form opens', () => {
  it('is none when several folders are shared', () => {
    const shared = [{ path: '/home/ann/Notes' }, { path: '/home/ann/Recipes' }];
    assert.deepEqual(firstChosenWorkspaces(shared), []);
  });

  it('is the one folder when only one is shared', () => {
    assert.deepEqual(firstChosenWorkspaces([{ path: '/home/ann/Notes' }]), ['/home/ann/Notes']);
  });

  it('is none when no folder is shared', () => {
    assert.deepEqual(firstChosenWorkspaces([]), []);
  });
});
