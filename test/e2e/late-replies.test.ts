// The window over a bridge whose replies come late: every answer from main is held back, so
// that the events main sends meanwhile overtake it. Electron's single pipe never reorders
// them, and the harness must not either (scripts/ui-harness/main-order.ts), or the window
// could show an answer that is no longer true.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;

before(async () => {
  seeded = await seedDataDir({ name: 'late', workspaces: { 'Project notes': 'read' } });
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    args: ['--reply-delay-ms', '300'],
  });
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

describe('the window, when its answers from main come late', () => {
  it('shows a pause from the tray that came after the window’s own resume was answered', async () => {
    const { page, harness } = session;
    const state = (text: string) => page.getByRole('status').filter({ hasText: text });
    await state('Running.').waitFor();
    await page.getByRole('button', { name: 'Pause all access' }).click();
    await state('Paused.').waitFor();
    await page.getByRole('button', { name: 'Resume access' }).click();
    // The event says "Running." at once; the answer saying the same is still held back.
    await state('Running.').waitFor();
    assert.equal((await harness.invoke('setPaused', { paused: true })).ok, true);
    await state('Paused.').waitFor();
    // Once every held answer has landed, the window still says what the core does.
    await page.getByRole('button', { name: 'Resume access' }).waitFor();
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal(await state('Paused.').isVisible(), true);
    assert.equal((await harness.status()).paused, true);
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
