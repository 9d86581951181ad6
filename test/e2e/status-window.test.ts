// The status window, end to end: the built renderer in Debian's headless Chromium, under
// the app's CSP, with the real main-process handlers and core behind it (the UI harness,
// scripts/ui-harness.ts). The steps run in order on one page, as a person would use it.
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AppStatus } from '../../main/core/app/app-status.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The checked-in screenshots (README) are refreshed on request only, so an ordinary test run
// leaves the working tree clean: AIRLOCK_UPDATE_SCREENSHOTS=1 node --test test/e2e/.
const SCREENSHOTS = process.env.AIRLOCK_UPDATE_SCREENSHOTS
  ? path.join(ROOT, 'docs', 'screenshots')
  : path.join(tmpdir(), `airlock-screenshots-${process.pid}`);
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
}

let harness: ChildProcess;
let url: string;
let origin: string;
let token: string;
let browser: Browser;
let page: Page;
let sandbox: string;
let folder: string;
const cspViolations: string[] = [];
const pageErrors: string[] = [];

async function startHarness(pickFolder: string): Promise<void> {
  harness = spawn(process.execPath, ['scripts/ui-harness.ts', '--pick-folder', pickFolder], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: harness.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    harness.once('exit', (code) => reject(new Error(`ui-harness exited early (${code})`)));
  });
  const match = /^ui-harness: (http:\/\/127\.0\.0\.1:\d+)\/#token=([\w-]+)$/.exec(first);
  assert.ok(match, `unexpected first line from the harness: ${first}`);
  url = first.slice('ui-harness: '.length);
  origin = match[1]!;
  token = match[2]!;
}

async function coreStatus(): Promise<AppStatus> {
  const response = await fetch(`${origin}/__harness/status`, {
    headers: { 'x-airlock-harness-token': token },
  });
  assert.equal(response.status, 200);
  return (await response.json()) as AppStatus;
}

async function axeSeriousViolations(): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ url: '/__harness/axe.min.js' });
  const result = await page.evaluate(
    () => (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run() as never,
  );
  return (result as AxeResult).violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} at ${JSON.stringify(
          violation.nodes.map((node) => node.target),
        )}`,
    );
}

const folderRow = () => page.locator('#folder-list li', { hasText: folder });

before(async () => {
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  sandbox = await realpath(await mkdtemp(path.join(tmpdir(), 'alk-e2e-')));
  folder = path.join(sandbox, 'Project notes');
  await mkdir(folder);
  await startHarness(folder);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 760, height: 560 } });
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Evaluated by the browser itself, so the CSP does not apply to this listener.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(
        `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  await page.goto(url);
});

after(async () => {
  await browser?.close();
  if (harness && harness.exitCode === null) {
    const exited = new Promise((resolve) => harness.once('exit', resolve));
    harness.kill('SIGTERM');
    await exited;
  }
  if (sandbox) await rm(sandbox, { recursive: true, force: true });
});

describe('the status window in Chromium, against the real main-process handlers', () => {
  it('shows that access is running, with the kill switch ready', async () => {
    await page.locator('#access-state', { hasText: 'Running.' }).waitFor();
    const button = page.getByRole('button', { name: 'Pause all access' });
    assert.equal(await button.isEnabled(), true);
    assert.equal(await page.locator('#no-folders').isVisible(), true);
  });

  it('has no serious or critical accessibility problems with no folders', async () => {
    assert.deepEqual(await axeSeriousViolations(), []);
  });

  it('pauses all access in the real core, and resumes it', async () => {
    await page.getByRole('button', { name: 'Pause all access' }).click();
    await page.locator('#access-state', { hasText: 'Paused.' }).waitFor();
    await page.getByRole('button', { name: 'Resume access' }).waitFor();
    assert.equal((await coreStatus()).paused, true);

    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.locator('#access-state', { hasText: 'Running.' }).waitFor();
    assert.equal((await coreStatus()).paused, false);
  });

  it('follows a pause made outside this page, through the statusChanged event', async () => {
    // Another caller flips the same core's kill switch, as the tray does; the page hears of
    // it only through its subscription.
    const response = await fetch(
      `${origin}/__harness/invoke.js?${new URLSearchParams({
        token,
        id: '0',
        channel: 'setPaused',
        request: JSON.stringify({ paused: true }),
      })}`,
    );
    assert.equal(response.status, 200);
    await page.locator('#access-state', { hasText: 'Paused.' }).waitFor();
    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.locator('#access-state', { hasText: 'Running.' }).waitFor();
  });

  it('adds the folder the picker returns, read-only, to the list and the core', async () => {
    await page.getByRole('button', { name: 'Add a folder…' }).click();
    await folderRow().waitFor();
    const select = page.getByLabel(`What agents may do in ${folder}`);
    assert.equal(await select.inputValue(), 'read');
    assert.equal(await select.locator('option:checked').textContent(), 'Can read');
    assert.equal(await page.locator('#no-folders').isVisible(), false);
    assert.deepEqual(
      (await coreStatus()).workspaces.map(({ path: shared, access }) => ({ shared, access })),
      [{ shared: folder, access: 'read' }],
    );
  });

  it('changes the folder to "Can read and change"', async () => {
    await page.getByLabel(`What agents may do in ${folder}`).selectOption({
      label: 'Can read and change',
    });
    const deadline = Date.now() + 5000;
    while ((await coreStatus()).workspaces[0]?.access !== 'write') {
      assert.ok(Date.now() < deadline, 'the core never saw the folder become writable');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(
      await page
        .getByLabel(`What agents may do in ${folder}`)
        .locator('option:checked')
        .textContent(),
      'Can read and change',
    );
  });

  it('has no serious or critical accessibility problems with a folder, light or dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      assert.deepEqual(await axeSeriousViolations(), [], `in ${colorScheme}`);
    }
  });

  it('saves screenshots of the window in light and dark', async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const image = await page.screenshot({
        path: path.join(SCREENSHOTS, `status-${colorScheme}.png`),
        fullPage: true,
      });
      // A PNG, and not a blank page: a real screenshot of this window is tens of kilobytes.
      assert.equal(image.subarray(1, 4).toString('latin1'), 'PNG');
      assert.ok(image.length > 10_000, `status-${colorScheme}.png is only ${image.length} bytes`);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('stops sharing the folder when it is removed', async () => {
    // The window has no confirmation step yet (issue 6, section 2): removal is immediate.
    await folderRow().getByRole('button').click();
    await folderRow().waitFor({ state: 'detached' });
    await page.locator('#no-folders').waitFor();
    assert.deepEqual((await coreStatus()).workspaces, []);
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(pageErrors, []);
  });
});

describe('the UI harness bridge', () => {
  it('refuses a call without the run token', async () => {
    const response = await fetch(
      `${origin}/__harness/invoke.js?token=wrong&id=1&channel=getStatus`,
    );
    assert.equal(response.status, 403);
    const control = await fetch(`${origin}/__harness/status`);
    assert.equal(control.status, 403);
  });

  it('serves nothing outside the built renderer', async () => {
    for (const probe of ['/..%2f..%2fpackage.json', '/%2e%2e/package.json', '/status-window.ts']) {
      const response = await fetch(`${origin}${probe}`);
      assert.ok(response.status >= 400, `${probe} answered ${response.status}`);
    }
  });

  it('serves every response with the app CSP', async () => {
    const { CONTENT_SECURITY_POLICY } = await import('../../main/shell/content-security-policy.ts');
    for (const file of ['/', '/status-window.js', '/harness-preload.js', '/missing.js']) {
      const response = await fetch(`${origin}${file}`);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    }
  });
});
