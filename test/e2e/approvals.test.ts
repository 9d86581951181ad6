// "Ask me first", end to end in Chromium with real agents: Claude Desktop through the
// airlock-bridge and the app's local socket, and Cursor over HTTP with a key of its own,
// call write_file, delete_file and move_file in a folder where the person chose, in the
// window, to be asked before deleting, moving or replacing a file. Each call passes the
// tools' change gate, waits in the app's approvals, comes over whatever section is open,
// says who asks what and where, shows what will change, and goes ahead only on the person's
// OK: Allow once, Deny, Enter (which denies), a call that stops waiting and its retry after
// a late OK, an hour's permission and its revoke, a launch point once Settings says "ask
// me", Pause all access denying what waits, and one app's sixth request refused at once.
// Each call's answer is what the agent reads, and the files say whether the change happened.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { REFUSAL_MESSAGES } from '../../main/core/approvals/approval-messages.ts';
import {
  connectAgent,
  connectAgentThroughBridge,
  type Agent,
  type ToolAnswer,
} from './support/agent.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let taxes: string;
/** Claude Desktop, through the bridge and the local socket. */
let claude: Agent;
/** Cursor, over HTTP with its key "cursor". */
let cursor: Agent;
/** What the agents whose changes waited when the person paused all access were answered. */
let pausedCalls: Promise<ToolAnswer>[] = [];

/** How long a call waits for the person here, but where a test makes it stop waiting. */
const LONG_WAIT_SECONDS = 55;
/** The shortest wait the settings allow. */
const SHORT_WAIT_SECONDS = 5;

const BUDGET = 'rent 900\nfood 300\nbus 60\n';
const NOTES = '# Notes\n\nTo do: file the return.\n';
const BASHRC = 'alias ll="ls -l"\n';
const FOLDERS = ['Receipts', 'Scans', 'Letters', 'Old', 'Drafts'];
const TIMING_SAMPLES = 10;
/** How long a call waits for its answer once access is paused: it comes at once, or never. */
const PAUSED_ANSWER_MS = 5000;

function inTaxes(...names: string[]): string {
  return seeded.at('Taxes 2024', ...names);
}

/** A PDF of this size: the window says its type and size. */
function pdf(bytes: number): Buffer {
  const head = Buffer.from('%PDF-1.4\n');
  return Buffer.concat([head, Buffer.alloc(bytes - head.length, 0x20)]);
}

before(async () => {
  seeded = await seedDataDir({
    name: 'ask',
    workspaces: { 'Taxes 2024': 'write' },
    settings: { approvals: { waitSeconds: LONG_WAIT_SECONDS, pendingMinutes: 1 } },
  });
  taxes = inTaxes();
  await writeFile(inTaxes('budget.txt'), BUDGET);
  await writeFile(inTaxes('notes.md'), NOTES);
  await writeFile(inTaxes('plan.txt'), 'one\n');
  await writeFile(inTaxes('.bashrc'), BASHRC);
  for (const name of ['report.pdf', 'summary.pdf', '2019.pdf', '2020.pdf', '2021.pdf', 'a.pdf'])
    await writeFile(inTaxes(name), pdf(48_213));
  await writeFile(inTaxes('sixth.pdf'), pdf(1000));
  for (const app of ['claude', 'cursor'])
    for (let sample = 0; sample < TIMING_SAMPLES; sample++)
      await writeFile(inTaxes(`timing-${app}-${sample}.pdf`), pdf(1000));
  for (const [index, name] of FOLDERS.entries()) {
    await mkdir(inTaxes(name));
    for (const month of ['march', 'april'])
      await writeFile(inTaxes(name, `${month}.pdf`), pdf(512 * (index + 1)));
  }
  session = await WindowSession.open({
    dataDir: seeded.dataDir,
    viewport: { width: 1000, height: 860 },
  });
  const { page } = session;
  await page.getByRole('heading', { name: 'Folders the agent can use' }).waitFor();
  // The person chooses in Folders what this folder asks. The servers restart on it, which
  // ends every connection, so the apps connect after.
  await page
    .getByRole('list', { name: 'Folders the agent can use' })
    .getByRole('listitem', { name: taxes, exact: true })
    .getByRole('combobox', { name: `Ask me first for ${taxes}` })
    .selectOption('replacing');
  await page
    .getByRole('status')
    .filter({
      hasText: `Agents now ask you before deleting, moving or replacing a file in “${taxes}”.`,
    })
    .waitFor();
  claude = await connectAgentThroughBridge(seeded.dataDir, {
    name: 'Claude Desktop',
    version: '0.14.2',
  });
  cursor = await connectAgent(session.harness, {
    name: 'Cursor',
    version: '1.7.0',
    workspaces: [taxes],
  });
});

after(async () => {
  await claude?.close();
  await cursor?.close();
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

/** The call was refused with this reason's message (and the call's reference after it). */
function assertRefusedFor(answer: ToolAnswer, reason: keyof typeof REFUSAL_MESSAGES): void {
  assert.equal(answer.refused, true, `not refused: ${answer.text}`);
  const message = REFUSAL_MESSAGES[reason];
  assert.ok(
    answer.text === message || answer.text.startsWith(`${message} (ref: `),
    `expected "${message}", got "${answer.text}"`,
  );
}

function assertDeclined(answer: ToolAnswer): void {
  assertRefusedFor(answer, 'denied');
}

/** Sets, in Settings, how long an agent waits for the person's answer. */
async function setWaitSeconds(seconds: number): Promise<void> {
  await session.openSection('Settings');
  const ask = session.page.getByRole('region', { name: 'Ask me first', exact: true });
  await ask.getByLabel('How long an agent waits for your answer').fill(String(seconds));
  await ask.getByRole('button', { name: 'Save', exact: true }).click();
  await ask.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
}

describe('a change an agent asks to make, waiting for your OK', () => {
  it('asks nothing before a new file in a folder that asks before deleting, moving or replacing', async () => {
    await claude.call('write_file', { path: inTaxes('todo.txt'), content: 'call the bank\n' });
    assert.equal(await readFile(inTaxes('todo.txt'), 'utf8'), 'call the bank\n');
    assert.equal(await requestDialog().count(), 0, 'nothing was asked');
  });

  it('shows who asks, where, and the lines that change; Allow once lets the call change the file', async () => {
    const { page } = session;
    const newBudget = 'rent 900\nfood 450\nbus 60\n';
    const call = claude.answer('write_file', { path: inTaxes('budget.txt'), content: newBudget });
    const dialog = requestDialog('Claude Desktop asks to replace budget.txt');
    await dialog.waitFor();
    await dialog.getByText('A change is waiting for your OK').waitFor();
    // The title names the app; the facts add the version its clientInfo gave.
    await dialog.getByText('Claude Desktop 0.14.2 through the local connection').waitFor();
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
    assert.equal(await readFile(inTaxes('budget.txt'), 'utf8'), BUDGET, 'nothing changed yet');
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-request');

    await once.click();
    const answer = await call;
    assert.equal(answer.refused, false, answer.text);
    assert.equal(await readFile(inTaxes('budget.txt'), 'utf8'), newBudget);
    await nothingWaits();
    await page
      .getByRole('status')
      .filter({ hasText: 'You allowed Claude Desktop to replace budget.txt, once.' })
      .waitFor();
    session.assertNoPageProblems();
  });

  it('tells the agent the person declined when they press Deny, and changes nothing', async () => {
    const call = claude.answer('delete_file', { path: inTaxes('report.pdf') });
    const dialog = requestDialog('Claude Desktop asks to delete report.pdf');
    await dialog.getByText('PDF document: 47.1 KB.').waitFor();
    await dialog.getByRole('button', { name: 'Deny', exact: true }).click();
    assertDeclined(await call);
    assert.ok(existsSync(inTaxes('report.pdf')), 'report.pdf is still there');
    await nothingWaits();
    await session.page
      .getByRole('status')
      .filter({ hasText: 'You did not let Claude Desktop delete report.pdf.' })
      .waitFor();
  });

  it('denies on Enter: the focus is on Deny, so Enter never grants anything', async () => {
    const call = claude.answer('move_file', {
      source: inTaxes('summary.pdf'),
      destination: inTaxes('summary-2024.pdf'),
    });
    await enterOn('Claude Desktop asks to move summary.pdf to summary-2024.pdf');
    assertDeclined(await call);
    assert.ok(existsSync(inTaxes('summary.pdf')), 'summary.pdf did not move');
    assert.ok(!existsSync(inTaxes('summary-2024.pdf')));
    await nothingWaits();
  });

  it('keeps a request the call stopped waiting for; once allowed late, the same call retried goes through once', async () => {
    await setWaitSeconds(SHORT_WAIT_SECONDS);
    const args = { path: inTaxes('notes.md'), content: '# Notes\n\nFiled on 12 March.\n' };
    const started = Date.now();
    const first = await claude.answer('write_file', args);
    assertRefusedFor(first, 'waiting');
    assert.ok(
      Date.now() - started >= SHORT_WAIT_SECONDS * 1000 - 100,
      'after the wait the settings allow',
    );
    // The request outlives the call: it is still in the window, over Settings.
    const dialog = requestDialog('Claude Desktop asks to replace notes.md');
    await dialog.getByRole('list', { name: 'Changes to the text of notes.md' }).waitFor();
    await dialog.getByRole('button', { name: 'Allow once', exact: true }).click();
    await nothingWaits();
    assert.equal(await readFile(inTaxes('notes.md'), 'utf8'), NOTES, 'nothing changed yet');

    // Other arguments never ride on that OK: asked anew, and denied by Enter.
    const other = claude.answer('write_file', { ...args, content: '# Notes\n\nNothing.\n' });
    await enterOn('Claude Desktop asks to replace notes.md');
    assertDeclined(await other);
    await nothingWaits();
    assert.equal(await readFile(inTaxes('notes.md'), 'utf8'), NOTES);

    // The same call again takes the late OK, without asking.
    const retried = Date.now();
    await claude.call('write_file', args);
    assert.ok(Date.now() - retried < 1000, 'the retry is not asked again');
    assert.equal(await readFile(inTaxes('notes.md'), 'utf8'), args.content);
    assert.equal(await requestDialog().count(), 0);

    // Once only: the same call a third time is asked anew.
    const third = claude.answer('write_file', args);
    await enterOn('Claude Desktop asks to replace notes.md');
    assertDeclined(await third);
    await nothingWaits();
    await setWaitSeconds(LONG_WAIT_SECONDS);
    await session.openSection('Folders');
  });

  it('allows an app for an hour in a folder, lists it in Folders with the time left, and revokes it', async () => {
    const { page } = session;
    const call = claude.answer('delete_file', { path: inTaxes('2019.pdf') });
    const dialog = requestDialog('Claude Desktop asks to delete 2019.pdf');
    const hour = dialog.getByRole('button', {
      name: 'Allow this app to change files in this folder for 1 hour',
    });
    await dialog
      .getByText(/^Claude Desktop may change any file in Taxes 2024 without asking you, until /)
      .waitFor();
    await hour.click();
    const allowed = await call;
    assert.equal(allowed.refused, false, allowed.text);
    assert.ok(!existsSync(inTaxes('2019.pdf')));
    await nothingWaits();

    // Another change by the same app in the same folder goes through without asking; another
    // app is still asked.
    await claude.call('delete_file', { path: inTaxes('2020.pdf') });
    assert.ok(!existsSync(inTaxes('2020.pdf')));
    const byCursor = cursor.answer('delete_file', { path: inTaxes('2021.pdf') });
    await requestDialog('Cursor asks to delete 2021.pdf')
      .getByText('Cursor 1.7.0 over HTTP with the key “cursor”')
      .waitFor();
    await enterOn('Cursor asks to delete 2021.pdf');
    assertDeclined(await byCursor);
    await nothingWaits();

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
    const again = claude.answer('delete_file', { path: inTaxes('2021.pdf') });
    await enterOn('Claude Desktop asks to delete 2021.pdf');
    assertDeclined(await again);
    assert.ok(existsSync(inTaxes('2021.pdf')));
    await nothingWaits();
  });

  it('denies everything waiting when the person pauses all access, after putting the requests off', async () => {
    const { page } = session;
    const first = claude.answer('delete_file', { path: inTaxes('a.pdf') });
    await untilWaiting(1);
    const second = cursor.answer(
      'move_file',
      { source: inTaxes('plan.txt'), destination: inTaxes('plan-old.txt') },
      { timeoutMs: PAUSED_ANSWER_MS },
    );
    pausedCalls = [first, second].map((call) =>
      call.catch((error: unknown) => ({ refused: true, text: `no answer: ${String(error)}` })),
    );
    const dialog = requestDialog('Claude Desktop asks to delete a.pdf');
    await dialog.getByText('1 of 2 changes waiting for your OK').waitFor();
    await dialog.getByText('Cursor asks to move plan.txt to plan-old.txt').waitFor();
    // Escape puts them off: the window is usable, and a line keeps them in sight.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const banner = page.getByRole('region', { name: 'Changes waiting for your OK' });
    await banner.getByText('2 changes waiting for your OK.').waitFor();
    await page.getByRole('button', { name: 'Pause all access' }).click();
    await banner.waitFor({ state: 'hidden' });
    await nothingWaits();
    // Each call ends without its change; what it is told is the next test's.
    const answers = await Promise.all(pausedCalls);
    assert.ok(answers.every((answer) => answer.refused));
    assert.ok(existsSync(inTaxes('a.pdf')) && existsSync(inTaxes('plan.txt')));
    assert.ok(!existsSync(inTaxes('plan-old.txt')));
    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.getByRole('button', { name: 'Pause all access' }).waitFor();
    // Pausing ended every connection: each app connects again, as it does when its server
    // goes away.
    await claude.reconnect();
    await cursor.reconnect();
  });

  it('tells each agent whose change waited that access is paused', async () => {
    for (const answer of await Promise.all(pausedCalls)) assertRefusedFor(answer, 'paused');
  });

  it('refuses an app’s sixth request at once while five of its calls wait, and shows them in order', async () => {
    const { page } = session;
    const five: Promise<ToolAnswer>[] = [];
    for (const [index, name] of FOLDERS.entries()) {
      five.push(claude.answer('delete_file', { path: inTaxes(name), recursive: true }));
      // All five wait at once; one after the other, so their order is the order they came.
      await untilWaiting(index + 1);
    }
    const started = Date.now();
    const sixth = await claude.answer('delete_file', { path: inTaxes('sixth.pdf') });
    assertRefusedFor(sixth, 'flood');
    assert.ok(Date.now() - started < 1000, 'refused at once, without asking');
    assert.ok(existsSync(inTaxes('sixth.pdf')));

    const dialog = requestDialog('Claude Desktop asks to delete Receipts');
    await dialog.getByText('1 of 5 changes waiting for your OK').waitFor();
    await dialog.getByText('It holds 2 files, 1 KB.').waitFor();
    await dialog.getByRole('list', { name: 'Some of what is in Receipts' }).waitFor();
    assert.deepEqual(
      await dialog.locator('.approval-next li').allInnerTexts(),
      FOLDERS.slice(1).map((name) => `Claude Desktop asks to delete ${name}`),
    );
    assert.equal(
      await page.getByText('sixth.pdf').count(),
      0,
      'the sixth never reached the window',
    );
    await session.assertAccessibleInBothThemes();
    await session.screenshots('approval-several');
    for (const name of FOLDERS) await enterOn(`Claude Desktop asks to delete ${name}`);
    for (const answer of await Promise.all(five)) assertDeclined(answer);
    for (const name of FOLDERS) assert.ok(existsSync(inTaxes(name, 'march.pdf')));
    await nothingWaits();
    session.assertNoPageProblems();
  });

  it('asks before a change to a file that can make programs run once Settings says so, and never offers an hour', async () => {
    const { page } = session;
    const content = `${BASHRC}export PATH="$HOME/bin:$PATH"\n`;
    // By default such a file is never changed by an agent, and nothing is asked.
    const refused = await claude.answer('write_file', { path: inTaxes('.bashrc'), content });
    assert.equal(refused.refused, true);
    assert.equal(await requestDialog().count(), 0);

    await session.openSection('Settings');
    const ask = page.getByRole('region', { name: 'Ask me first', exact: true });
    await ask.getByRole('radio', { name: /^Ask me each time/ }).check();
    await ask.getByRole('button', { name: 'Save', exact: true }).click();
    await ask.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // The servers restarted on the new choice, which ended both apps' sessions: each
    // connects again, as it does when its server goes away.
    await claude.reconnect();
    await cursor.reconnect();
    await session.openSection('Folders');

    const call = claude.answer('write_file', { path: inTaxes('.bashrc'), content });
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
    await dialog.getByRole('button', { name: 'Allow once', exact: true }).click();
    const answer = await call;
    assert.equal(answer.refused, false, answer.text);
    assert.equal(await readFile(inTaxes('.bashrc'), 'utf8'), content);
    await nothingWaits();
  });
});

describe('how fast the window shows a request and the agent gets its answer', () => {
  /** Milliseconds: the middle one and the largest. */
  function spread(samples: readonly number[]): { median: number; max: number } {
    const sorted = [...samples].sort((a, b) => a - b);
    return { median: sorted[Math.floor(sorted.length / 2)] ?? NaN, max: sorted.at(-1) ?? NaN };
  }

  /** Milliseconds from each call sent to its request painted, and from Allow to the answer. */
  async function timeRequests(
    agent: Agent,
    app: string,
  ): Promise<{ shown: number[]; answered: number[] }> {
    const { page } = session;
    const shown: number[] = [];
    const answered: number[] = [];
    for (let sample = 0; sample < TIMING_SAMPLES; sample++) {
      const file = `timing-${app.split(' ')[0]!.toLowerCase()}-${sample}.pdf`;
      const title = `${app} asks to delete ${file}`;
      const sent = Date.now();
      const call = agent.answer('delete_file', { path: inTaxes(file) });
      const shownAt = await page.waitForFunction(
        (wanted) =>
          (window as unknown as { shownAt: Record<string, number> }).shownAt[wanted] || false,
        title,
      );
      shown.push(((await shownAt.jsonValue()) as number) - sent);
      await requestDialog(title).getByRole('button', { name: 'Allow once', exact: true }).click();
      const answer = await call;
      const done = Date.now();
      assert.equal(answer.refused, false, answer.text);
      const clickedAt = await page.evaluate(
        () => (window as unknown as { clickedAt: number }).clickedAt,
      );
      answered.push(done - clickedAt);
      assert.ok(!existsSync(inTaxes(file)));
      await nothingWaits();
    }
    return { shown, answered };
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
    for (const [agent, app, how] of [
      [claude, 'Claude Desktop', 'through the bridge and the local socket'],
      [cursor, 'Cursor', 'over HTTP with a key'],
    ] as const) {
      const { shown, answered } = await timeRequests(agent, app);
      const visible = spread(shown);
      const answer = spread(answered);
      console.log(
        `approvals, ${app} ${how}: request visible in the window ${visible.median} ms after the call was sent (median of ${TIMING_SAMPLES}, max ${visible.max} ms); ` +
          `the approved call answered ${answer.median} ms after the click (median, max ${answer.max} ms)`,
      );
      assert.ok(visible.median <= 250, `${app}: the request showed after ${visible.median} ms`);
      assert.ok(
        answer.median <= 100,
        `${app}: the call was answered ${answer.median} ms after the click`,
      );
    }
  });
});
