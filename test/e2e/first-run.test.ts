// The first run end to end, by keyboard: with no folder shared, the window walks the person
// through three steps (pick a folder, choose what agents may do, connect an app now or
// later), can be skipped, and does not come back once it is over. The built renderer runs
// in Chromium against the real main-process handlers (scripts/ui-harness.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Request } from 'playwright-core';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let home: string;
let novel: string;

before(async () => {
  // No folder shared, and the first run never done: the window opens on it.
  seeded = await seedDataDir({ name: 'first', folders: ['home/Novel'] });
  home = seeded.at('home');
  novel = seeded.at('home', 'Novel');
  session = await WindowSession.open({ dataDir: seeded.dataDir, args: ['--home', home] });
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

async function stepShown(count: number, heading: string): Promise<void> {
  const { page } = session;
  await page.getByText(`Step ${count} of 3`, { exact: true }).waitFor();
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
}

/** The text of the element that has the keyboard focus. */
async function focused(): Promise<string> {
  return session.page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
}

/** Presses Tab until `target` has the focus: the keyboard alone reaches it. */
async function tabTo(target: Locator): Promise<void> {
  for (let presses = 0; presses < 12; presses += 1) {
    await session.page.keyboard.press('Tab');
    if (await target.evaluate((element) => element === document.activeElement)) return;
  }
  assert.fail(`Tab never reached ${String(target)}`);
}

function button(name: string): Locator {
  return session.page.getByRole('button', { name, exact: true });
}

/** As if the window were opened afresh on a data dir with no folder and no first run done. */
async function startAgain(): Promise<void> {
  const { harness, page } = session;
  for (const workspace of (await harness.status()).workspaces)
    assert.equal((await harness.invoke('removeWorkspace', { path: workspace.path })).ok, true);
  const reset = await harness.invoke('updateSettings', { app: { firstRunDone: false } });
  assert.equal(reset.ok, true);
  await page.reload();
  await stepShown(1, 'Choose a folder the agent can use');
}

/** Whether main has saved the first run as done, waiting a little for the window's call. */
async function firstRunDone(): Promise<boolean> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const settings = await session.harness.invoke('getSettings');
    assert.ok(settings.ok);
    if (settings.data.app.firstRunDone || Date.now() > deadline)
      return settings.data.app.firstRunDone;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Pauses access as the tray does, and resolves once the window has taken the event in: its
 * bridge asks for newer events only after its listeners have run on the batch.
 */
async function pauseTakenInByWindow(): Promise<void> {
  const { page, harness } = session;
  const eventsUrl = (url: string) => new URL(url).pathname === '/__harness/events.js';
  const asked: number[] = [];
  const onRequest = (request: Request) => {
    if (eventsUrl(request.url()))
      asked.push(Number(new URL(request.url()).searchParams.get('after')));
  };
  page.on('request', onRequest);
  try {
    const heard = page.waitForResponse(
      async (response) =>
        eventsUrl(response.url()) && (await response.text()).includes('"paused":true'),
    );
    assert.equal((await harness.invoke('setPaused', { paused: true })).ok, true);
    const batch = await (await heard).text();
    const seq = Math.max(...[...batch.matchAll(/"seq":(\d+)/g)].map((match) => Number(match[1])));
    const deadline = Date.now() + 5000;
    while (!asked.some((after) => after >= seq)) {
      assert.ok(Date.now() < deadline, 'the window took in the pause');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    page.off('request', onRequest);
  }
}

describe('the first run in Chromium, against the real main-process handlers', () => {
  it('opens on step 1 of 3 when no folder is shared', async () => {
    const { page } = session;
    await page.getByRole('heading', { name: 'Welcome to Airlock', level: 1 }).waitFor();
    await stepShown(1, 'Choose a folder the agent can use');
    const current = page.getByRole('list', { name: 'Steps' }).locator('[aria-current="step"]');
    assert.equal(await current.textContent(), 'Choose a folder');
    await session.assertAccessibleInBothThemes();
    await session.screenshots('first-run-1');
  });

  it('goes through the three steps by keyboard, and “Connect an app now” opens Connections', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(novel);
    await tabTo(button('Choose a folder…'));
    await page.keyboard.press('Enter');

    await stepShown(2, 'What may the agent do in this folder?');
    assert.equal(await focused(), 'What may the agent do in this folder?');
    await page.getByText(novel, { exact: true }).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('first-run-2');
    // Tab enters the radio group on its checked choice; the arrow keys move the choice.
    await tabTo(page.getByRole('radio', { name: 'Read only' }));
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.getByRole('radio', { name: 'Read and change' }).isChecked(), true);
    await tabTo(button('Share this folder'));
    await page.keyboard.press('Enter');

    await stepShown(3, 'Connect an app');
    assert.equal(await focused(), 'Connect an app');
    await page
      .getByRole('status')
      .filter({
        hasText: `“${novel}” is shared. Agents can read and change its files, and ask you before deleting, moving or replacing one.`,
      })
      .waitFor();
    assert.deepEqual((await harness.status()).workspaces, [
      { path: novel, access: 'write', askBefore: 'replacing', maskSecrets: true, available: true },
    ]);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('first-run-3');
    await tabTo(button('Connect an app now'));
    await page.keyboard.press('Enter');

    await page.getByRole('main', { name: 'Connections' }).waitFor();
    assert.equal(await firstRunDone(), true);
  });

  it('does not come back when the window opens again', async () => {
    const { page } = session;
    await page.reload();
    await page.getByRole('main', { name: 'Folders' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Welcome to Airlock' }).count(), 0);
  });

  it('warns about a risky folder at step 1, and goes back when told not to share it', async () => {
    const { page, harness } = session;
    await startAgain();
    await harness.setPickedFolder(home);
    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    const warning = page.getByRole('dialog', {
      name: 'This is your whole home folder. Share it anyway?',
    });
    await warning.waitFor();
    await session.assertAccessibleInBothThemes();
    await warning.getByRole('button', { name: 'Don’t share it' }).click();
    await warning.waitFor({ state: 'hidden' });
    await stepShown(1, 'Choose a folder the agent can use');

    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    await warning.getByRole('button', { name: 'Share anyway' }).click();
    await stepShown(2, 'What may the agent do in this folder?');
    await page.getByText('This is your whole home folder. You chose to share it anyway.').waitFor();
    await page.getByRole('button', { name: 'Back' }).click();
    await stepShown(1, 'Choose a folder the agent can use');
    assert.deepEqual((await harness.status()).workspaces, []);
  });

  it('“Later” at step 3 ends in Folders, with the folder shared read only', async () => {
    const { page, harness } = session;
    await harness.setPickedFolder(novel);
    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    await stepShown(2, 'What may the agent do in this folder?');
    assert.equal(await page.getByRole('radio', { name: 'Read only' }).isChecked(), true);
    await page.getByRole('button', { name: 'Share this folder' }).click();
    await stepShown(3, 'Connect an app');
    await page.getByRole('button', { name: 'Later' }).click();
    await page.getByRole('main', { name: 'Folders' }).waitFor();
    await page.getByLabel(`Permission for ${novel}`).waitFor();
    assert.equal(await page.getByLabel(`Permission for ${novel}`).inputValue(), 'read');
    assert.equal(await firstRunDone(), true);
  });

  it('can be skipped at step 1 without a folder, and stays skipped', async () => {
    const { page } = session;
    await startAgain();
    await tabTo(button('Skip for now'));
    await page.keyboard.press('Enter');
    await page.getByRole('main', { name: 'Folders' }).waitFor();
    await page.getByText('No folders yet.', { exact: false }).waitFor();
    assert.equal(await firstRunDone(), true);
    await page.reload();
    await page.getByRole('main', { name: 'Folders' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Welcome to Airlock' }).count(), 0);
  });

  it('keeps a pause made from the tray while the folder was being shared', async () => {
    const { page, harness } = session;
    await startAgain();
    await harness.setPickedFolder(novel);
    await page.getByRole('button', { name: 'Choose a folder…' }).click();
    await stepShown(2, 'What may the agent do in this folder?');
    // Main shares the folder; before the window has its answer, access is paused from the
    // tray and the window takes that event in. Only then does the answer reach it.
    await page.route(
      /\/__harness\/invoke\.js\?.*channel=addWorkspace/,
      async (route) => {
        const answer = await route.fetch();
        await pauseTakenInByWindow();
        await route.fulfill({ response: answer });
      },
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Share this folder' }).click();
    await stepShown(3, 'Connect an app');
    await page.getByRole('button', { name: 'Later' }).click();
    await page.getByRole('main', { name: 'Folders' }).waitFor();
    await page.getByLabel(`Permission for ${novel}`).waitFor();
    // The answer carried the folders only: the pause stays shown, as main has it.
    assert.equal(
      await page.getByText('Paused. Agents cannot use any folder until you resume.').isVisible(),
      true,
    );
    assert.equal((await harness.status()).paused, true);
    assert.equal((await harness.invoke('setPaused', { paused: false })).ok, true);
    await page.getByRole('button', { name: 'Pause all access' }).waitFor();
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
