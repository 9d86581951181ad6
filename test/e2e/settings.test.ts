// The Settings section end to end: each group changed through the window and saved to the
// real settings file, invalid values refused with a clear message and the file untouched,
// the defaults of both lists of names (the secret guard, and the files agents may read but
// never change) restored after a confirmation, and the theme applied at once.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { DEFAULT_LAUNCH_POINT_SETTINGS } from '../../main/core/policy/launch-points.ts';
import { DEFAULT_GUARD_SETTINGS } from '../../main/core/policy/sensitive-guard.ts';
import { freePort } from '../helpers/free-port.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let configFile: string;

interface SavedSettings {
  app?: { theme?: string; startAtLogin?: boolean };
  limits?: Record<string, number>;
  guard?: { enabled?: boolean; patterns?: string[]; nestedPatterns?: string[] };
  launchPoints?: { enabled?: boolean; patterns?: string[]; nestedPatterns?: string[] };
  http?: { port?: number };
  audit?: Record<string, unknown>;
}

before(async () => {
  seeded = await seedDataDir({ name: 'settings', workspaces: { 'Project notes': 'read' } });
  configFile = seeded.configFile;
  session = await WindowSession.open({ dataDir: seeded.dataDir });
  await session.openSection('Settings');
  await group('Limits').waitFor();
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

/** The launch points, as the window names them for people who do not write code. */
const PROTECTED = 'Files agents may read but never change';
const PROTECTED_SWITCH = 'Keep agents from changing these files (recommended)';

function group(name: string): Locator {
  return session.page.getByRole('region', { name, exact: true });
}

async function saved(): Promise<SavedSettings> {
  return JSON.parse(await readFile(configFile, 'utf8')) as SavedSettings;
}

/** The group announces "Saved…" in its status, where a screen reader hears it. */
async function announcedSaved(name: string, text: string | RegExp = 'Saved.'): Promise<void> {
  await group(name).getByRole('status').filter({ hasText: text }).waitFor();
}

describe('the Settings section', () => {
  it('shows every group in plain words, with the values in use', async () => {
    const headings = await session.page
      .getByRole('main', { name: 'Settings' })
      .getByRole('heading', { level: 3 })
      .allTextContents();
    assert.deepEqual(headings, [
      'Start at login',
      'Theme',
      'Secret guard',
      'Secrets inside files',
      PROTECTED,
      'Ask me first',
      'Limits',
      'Port',
      'Activity history',
      'Change history',
    ]);
    const limits = group('Limits');
    assert.equal(await limits.getByLabel('Largest file an agent can read').inputValue(), '4');
    assert.equal(await limits.getByLabel('Longest time one request may take').inputValue(), '30');
    await limits.getByText('From 1 KB to 64 MB.').first().waitFor();
    const names = group('Secret guard').getByRole('list', { name: 'Hidden names' });
    assert.equal(await names.getByRole('listitem').count(), DEFAULT_GUARD_SETTINGS.patterns.length);
    const protectedFiles = group(PROTECTED);
    await protectedFiles
      .getByText(
        'Airlock’s own list covers Git hooks and settings, shell start-up files, programs that start at login, AI apps’ settings, and editor tasks and settings.',
      )
      .waitFor();
    await protectedFiles.getByText('Agents can still read them.', { exact: false }).waitFor();
    assert.equal(
      await protectedFiles
        .getByRole('list', { name: 'Protected names' })
        .getByRole('listitem')
        .count(),
      DEFAULT_LAUNCH_POINT_SETTINGS.patterns.length,
    );
    assert.equal(
      await protectedFiles
        .getByRole('list', { name: 'Protected places' })
        .getByRole('listitem')
        .count(),
      DEFAULT_LAUNCH_POINT_SETTINGS.nestedPatterns.length,
    );
    assert.equal(await protectedFiles.getByLabel(PROTECTED_SWITCH).isChecked(), true);
  });

  it('is accessible in light and dark, and is photographed', async () => {
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings');
  });

  it('saves the limits, announces it, and writes them to the settings file', async () => {
    const limits = group('Limits');
    await limits.getByLabel('Largest file an agent can read').fill('2');
    await limits.getByLabel('Longest time one request may take').fill('45');
    await limits.getByLabel('Most files listed or found at once').fill('2,500');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await announcedSaved('Limits');
    const file = await saved();
    assert.equal(file.limits?.maxReadBytes, 2 * 1024 * 1024);
    assert.equal(file.limits?.callTimeoutMs, 45_000);
    assert.equal(file.limits?.maxEntries, 2500);
    assert.equal(
      await limits.getByLabel('Most files listed or found at once').inputValue(),
      '2500',
    );
  });

  it('refuses an invalid limit with a clear message by the field, and saves nothing', async () => {
    const before = await readFile(configFile, 'utf8');
    const limits = group('Limits');
    const field = limits.getByLabel('Largest file an agent can read');
    await field.fill('0');
    await limits.getByLabel('Deepest folder level shown in a folder tree').fill('many');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await limits.getByRole('alert').filter({ hasText: 'Not saved.' }).waitFor();
    await limits.getByText('That is too small. Choose from 1 KB to 64 MB.').waitFor();
    await limits.getByText('“many” is not a number. Choose from 1 to 64.').waitFor();
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    // The field is described by its error, so a screen reader says why with it.
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ').find((id) => id.endsWith('-error'));
    assert.ok(errorId, `aria-describedby names the error: ${described}`);
    assert.equal(
      await session.page.evaluate((id) => document.getElementById(id)?.textContent, errorId),
      'That is too small. Choose from 1 KB to 64 MB.',
    );
    assert.equal(
      await field.evaluate((input) => input === document.activeElement),
      true,
      'the first wrong value has the focus',
    );
    assert.equal(await readFile(configFile, 'utf8'), before, 'the file is untouched');
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);

    // Main refuses the same value sent past the window, and the file stays as it was.
    const sneaked = await session.harness.invoke('updateSettings', {
      limits: { maxReadBytes: 0 },
    });
    assert.equal(sneaked.ok, false);
    assert.equal(await readFile(configFile, 'utf8'), before, 'still untouched');

    await field.fill('3');
    await limits.getByLabel('Deepest folder level shown in a folder tree').fill('10');
    assert.equal(await field.getAttribute('aria-invalid'), null, 'editing clears the mark');
    await limits.getByRole('button', { name: 'Save limits' }).click();
    await announcedSaved('Limits');
    assert.equal((await saved()).limits?.maxTreeDepth, 10);
  });

  it('shows a refusal from main next to its group, and keeps what was typed', async () => {
    const { page } = session;
    const before = await readFile(configFile, 'utf8');
    const refusal = 'These settings cannot be saved: limits.maxEntries: Too big';
    // Main answers this one save with a refusal, as it would for a value it cannot take.
    await page.route(/\/__harness\/invoke\.js\?.*channel=updateSettings/, (route) => {
      const id = new URL(route.request().url()).searchParams.get('id');
      const envelope = { ok: false, error: { code: 'invalid_settings', message: refusal } };
      return route.fulfill({
        contentType: 'text/javascript',
        body: `window.__airlockHarness.reply(${Number(id)}, ${JSON.stringify(envelope)});`,
      });
    });
    try {
      const limits = group('Limits');
      await limits.getByLabel('Most files listed or found at once').fill('9999');
      await limits.getByRole('button', { name: 'Save limits' }).click();
      await limits.getByRole('alert').filter({ hasText: refusal }).waitFor();
      assert.equal(
        await limits.getByLabel('Most files listed or found at once').inputValue(),
        '9999',
      );
      assert.equal(await group('Port').getByRole('alert').count(), 0, 'only that group says so');
    } finally {
      await page.unroute(/\/__harness\/invoke\.js\?.*channel=updateSettings/);
    }
    assert.equal(await readFile(configFile, 'utf8'), before);
    await group('Limits').getByLabel('Most files listed or found at once').fill('2500');
  });

  it('edits the hidden names and places, and saves them', async () => {
    const guard = group('Secret guard');
    const addName = guard.getByLabel('Add a name');
    await addName.fill('secrets.txt');
    await addName.press('Enter');
    await guard.getByRole('list', { name: 'Hidden names' }).getByText('secrets.txt').waitFor();
    await guard.getByRole('button', { name: 'Remove .netrc' }).click();
    await addName.fill('private/notes.md');
    await guard.getByRole('button', { name: 'Add', exact: true }).first().click();
    await guard.getByText('A name has no slashes.', { exact: false }).waitFor();
    await addName.fill('.env');
    await addName.press('Enter');
    await guard.getByText('.env is in the list already.').waitFor();
    await addName.fill('');
    const addPlace = guard.getByLabel('Add a place');
    await addPlace.fill('notes/private.md');
    await addPlace.press('Enter');
    await guard.getByRole('button', { name: 'Save secret guard' }).click();
    await announcedSaved('Secret guard');
    const file = await saved();
    assert.ok(file.guard?.patterns?.includes('secrets.txt'));
    assert.ok(!file.guard?.patterns?.includes('.netrc'));
    assert.ok(file.guard?.nestedPatterns?.includes('notes/private.md'));
  });

  it('asks before turning the secret guard off, and saves nothing when cancelled', async () => {
    const { page } = session;
    const guard = group('Secret guard');
    await guard.getByLabel('Hide secret files from agents (recommended)').uncheck();
    await guard.getByRole('button', { name: 'Save secret guard' }).click();
    const dialog = page.getByRole('dialog', { name: 'Turn off the secret guard?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await saved()).guard?.enabled, true, 'still on');
    await guard.getByRole('button', { name: 'Save secret guard' }).click();
    await dialog.getByRole('button', { name: 'Turn off the guard' }).click();
    await announcedSaved('Secret guard');
    assert.equal((await saved()).guard?.enabled, false);
    await guard.getByText('The secret guard is off', { exact: false }).waitFor();
  });

  it('restores the secret guard’s defaults after a confirmation', async () => {
    const { page } = session;
    const guard = group('Secret guard');
    await guard.getByRole('button', { name: 'Restore the defaults…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore the secret guard’s defaults?' });
    await dialog.waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings-restore-defaults');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok((await saved()).guard?.patterns?.includes('secrets.txt'), 'cancel keeps the lists');

    await guard.getByRole('button', { name: 'Restore the defaults…' }).click();
    await dialog.getByRole('button', { name: 'Restore the defaults' }).click();
    await announcedSaved('Secret guard', 'The defaults are back.');
    assert.deepEqual((await saved()).guard, {
      enabled: true,
      patterns: [...DEFAULT_GUARD_SETTINGS.patterns],
      nestedPatterns: [...DEFAULT_GUARD_SETTINGS.nestedPatterns],
    });
    await guard.getByRole('button', { name: 'Remove .netrc' }).waitFor();
    assert.equal(
      await guard.getByLabel('Hide secret files from agents (recommended)').isChecked(),
      true,
    );
    assert.equal(await guard.getByText('The secret guard is off', { exact: false }).count(), 0);
  });

  it('edits the protected names and places, refusing what is not a name, and saves them', async () => {
    const protectedFiles = group(PROTECTED);
    const addName = protectedFiles.getByLabel('Add a name');
    await addName.press('Enter');
    await protectedFiles
      .getByText('Type a name first, such as .bashrc or *.code-workspace.')
      .waitFor();
    await addName.fill('deploy.sh');
    await addName.press('Enter');
    const names = protectedFiles.getByRole('list', { name: 'Protected names' });
    await names.getByText('deploy.sh', { exact: true }).waitFor();
    await protectedFiles.getByRole('button', { name: 'Remove .envrc' }).click();
    await addName.fill('scripts/deploy.sh');
    await addName.press('Enter');
    await protectedFiles.getByText('A name has no slashes.', { exact: false }).waitFor();
    assert.equal(await addName.getAttribute('aria-invalid'), 'true');
    await addName.fill('');
    const addPlace = protectedFiles.getByLabel('Add a place');
    await addPlace.fill('scripts');
    await addPlace.press('Enter');
    await protectedFiles
      .getByText('Write a folder name, a slash and a name, such as .config/autostart.')
      .waitFor();
    await addPlace.fill('scripts/deploy.sh');
    await addPlace.press('Enter');
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);
    await protectedFiles.getByRole('button', { name: 'Save protected files' }).click();
    await announcedSaved(PROTECTED);
    const file = await saved();
    assert.deepEqual(file.launchPoints?.patterns, [
      ...DEFAULT_LAUNCH_POINT_SETTINGS.patterns.filter((name) => name !== '.envrc'),
      'deploy.sh',
    ]);
    assert.deepEqual(file.launchPoints?.nestedPatterns, [
      ...DEFAULT_LAUNCH_POINT_SETTINGS.nestedPatterns,
      'scripts/deploy.sh',
    ]);
    assert.equal(file.launchPoints?.enabled, true, 'and the list is still on');
  });

  it('asks before letting agents change the protected files, warns while off, and turns back on', async () => {
    const { page } = session;
    const protectedFiles = group(PROTECTED);
    const toggle = protectedFiles.getByLabel(PROTECTED_SWITCH);
    const save = protectedFiles.getByRole('button', { name: 'Save protected files' });
    const warning = protectedFiles.getByText('This protection is off', { exact: false });
    await toggle.uncheck();
    await save.click();
    const dialog = page.getByRole('dialog', { name: 'Let agents change these files?' });
    await dialog.waitFor();
    await dialog
      .getByText('make programs run on your computer outside Airlock', { exact: false })
      .waitFor();
    await session.assertAccessibleInBothThemes();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await saved()).launchPoints?.enabled, true, 'cancel leaves it on');
    assert.equal(await warning.count(), 0, 'no warning while it is still on');

    await save.click();
    await dialog.getByRole('button', { name: 'Let agents change them' }).click();
    await announcedSaved(PROTECTED);
    assert.equal((await saved()).launchPoints?.enabled, false);
    await warning.waitFor();
    await session.assertAccessibleInBothThemes();

    await toggle.check();
    await save.click();
    // Turning the protection on takes nothing away from the person: no question.
    await announcedSaved(PROTECTED);
    assert.equal(await page.getByRole('dialog').count(), 0);
    assert.equal((await saved()).launchPoints?.enabled, true);
    await warning.waitFor({ state: 'detached' });
  });

  it('restores the protected files’ defaults after a confirmation', async () => {
    const { page } = session;
    const protectedFiles = group(PROTECTED);
    await protectedFiles.getByRole('button', { name: 'Restore the defaults…' }).click();
    const dialog = page.getByRole('dialog', {
      name: 'Restore the defaults of the protected files?',
    });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.ok((await saved()).launchPoints?.patterns?.includes('deploy.sh'), 'cancel keeps them');

    await protectedFiles.getByRole('button', { name: 'Restore the defaults…' }).click();
    await dialog.getByRole('button', { name: 'Restore the defaults' }).click();
    await announcedSaved(PROTECTED, 'The defaults are back.');
    assert.deepEqual((await saved()).launchPoints, {
      enabled: true,
      patterns: [...DEFAULT_LAUNCH_POINT_SETTINGS.patterns],
      nestedPatterns: [...DEFAULT_LAUNCH_POINT_SETTINGS.nestedPatterns],
    });
    await protectedFiles.getByRole('button', { name: 'Remove .envrc' }).waitFor();
    const names = protectedFiles.getByRole('list', { name: 'Protected names' });
    assert.equal(await names.getByText('deploy.sh', { exact: true }).count(), 0);
    assert.equal(await protectedFiles.getByLabel(PROTECTED_SWITCH).isChecked(), true);
    assert.deepEqual(await session.seriousAccessibilityProblems(), []);
  });

  it('saves the HTTP port, refusing one below 1024, and says to reconnect HTTP apps', async () => {
    const port = group('Port');
    await port.getByText('apps connected over HTTP must be connected again').waitFor();
    const field = port.getByLabel('HTTP port');
    await field.fill('80');
    await port.getByRole('button', { name: 'Save port' }).click();
    await port.getByText('That is too small. Choose from 1024 to 65535.').waitFor();
    assert.equal((await saved()).http?.port, 0);
    const chosen = await freePort();
    await field.fill(String(chosen));
    await port.getByRole('button', { name: 'Save port' }).click();
    await announcedSaved('Port', 'Connect your HTTP apps again');
    assert.equal((await saved()).http?.port, chosen);
  });

  it('asks before keeping activity for a shorter time, and saves nothing when cancelled', async () => {
    const { page } = session;
    const history = group('Activity history');
    const days = history.getByLabel('Keep activity for');
    const save = history.getByRole('button', { name: 'Save activity history' });
    assert.equal((await saved()).audit?.retentionDays, undefined, 'the default, 365 days');
    await days.fill('30');
    await save.click();
    const dialog = page.getByRole('dialog', { name: 'Delete older activity?' });
    await dialog.waitFor();
    await dialog.getByText('Activity older than 30 days will be deleted.').waitFor();
    await session.assertAccessibleInBothThemes();
    await session.screenshots('settings-shorter-history');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await saved()).audit?.retentionDays, undefined, 'cancel saves nothing');
    assert.equal(await days.inputValue(), '30', 'and keeps what was typed');

    await save.click();
    await dialog.getByRole('button', { name: 'Delete older activity' }).click();
    await announcedSaved('Activity history');
    assert.equal((await saved()).audit?.retentionDays, 30);
  });

  it('saves how long activity is kept and how it reaches the disk', async () => {
    const history = group('Activity history');
    await history.getByLabel('Keep activity for').fill('90');
    await history.getByLabel('Or when the file reaches').fill('16');
    const interval = history.getByLabel('At most this long between writes to the disk');
    await interval.fill('2');
    await history.getByRole('button', { name: 'Save activity history' }).click();
    // A longer time deletes nothing, so it is saved without a question.
    await announcedSaved('Activity history');
    assert.equal(await session.page.getByRole('dialog').count(), 0);
    let file = await saved();
    assert.equal(file.audit?.retentionDays, 90);
    assert.equal(file.audit?.rotateBytes, 16 * 1024 * 1024);
    assert.equal(file.audit?.fsyncIntervalMs, 2000);

    await history.getByRole('radio', { name: /Right away/ }).check();
    assert.equal(await interval.count(), 0, 'the interval applies only to "Regularly"');
    await history.getByRole('button', { name: 'Save activity history' }).click();
    await announcedSaved('Activity history');
    file = await saved();
    assert.equal(file.audit?.fsync, 'always');
    await history.getByRole('radio', { name: /Regularly/ }).check();
    await history.getByRole('button', { name: 'Save activity history' }).click();
    await announcedSaved('Activity history');
    assert.equal((await saved()).audit?.fsync, 'interval');
  });

  it('saves "Start at login" as soon as it is ticked or unticked', async () => {
    const startAtLogin = group('Start at login');
    const box = startAtLogin.getByLabel('Start Airlock when I log in to this computer');
    await box.check();
    await announcedSaved('Start at login');
    assert.equal((await saved()).app?.startAtLogin, true);
    await box.uncheck();
    await announcedSaved('Start at login');
    assert.equal((await saved()).app?.startAtLogin, false);
  });

  it('applies the theme at once, over the computer’s choice, and keeps it', async () => {
    const { page } = session;
    const theme = group('Theme').getByRole('radiogroup', { name: 'Theme' });
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const marked = () => page.evaluate(() => document.documentElement.dataset.theme);
    assert.equal(await marked(), 'system');

    await page.emulateMedia({ colorScheme: 'light' });
    assert.equal(await background(), 'rgb(247, 247, 245)');
    await theme.getByRole('radio', { name: 'Dark' }).check();
    assert.equal(await marked(), 'dark');
    assert.equal(await background(), 'rgb(27, 29, 32)', 'dark while the computer is light');
    await announcedSaved('Theme');
    assert.equal((await saved()).app?.theme, 'dark');
    assert.deepEqual(await session.seriousAccessibilityProblems(), [], 'dark by the setting');

    // The saved theme is back when the window opens again.
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Running.' }).waitFor();
    // The settings come in their own answer, which may land after the status's.
    await page.waitForFunction(() => document.documentElement.dataset.theme !== undefined);
    assert.equal(await marked(), 'dark');
    assert.equal(await background(), 'rgb(27, 29, 32)');
    await session.openSection('Settings');

    await page.emulateMedia({ colorScheme: 'dark' });
    await theme.getByRole('radio', { name: 'Light' }).check();
    assert.equal(await marked(), 'light');
    assert.equal(await background(), 'rgb(247, 247, 245)', 'light while the computer is dark');
    await announcedSaved('Theme');
    assert.deepEqual(await session.seriousAccessibilityProblems(), [], 'light by the setting');

    await theme.getByRole('radio', { name: 'System: follow this computer' }).check();
    assert.equal(await background(), 'rgb(27, 29, 32)', 'the computer’s dark again');
    await announcedSaved('Theme');
    assert.equal((await saved()).app?.theme, 'system');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
