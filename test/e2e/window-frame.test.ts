// The window's frame, end to end: the header with the kill switch, the sections, and the
// harness bridge itself. The built renderer runs in Debian's headless Chromium under the
// app's CSP, with the real main-process handlers and core behind it (scripts/ui-harness.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SECTIONS } from '../../renderer/app/sections.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;

before(async () => {
  // A folder is shared already, so the window opens on its sections, not the first run.
  seeded = await seedDataDir({ name: 'frame', workspaces: { 'Project notes': 'read' } });
  session = await WindowSession.open({ dataDir: seeded.dataDir });
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

describe('the window frame in Chromium, against the real main-process handlers', () => {
  it('shows that access is running, with the kill switch ready', async () => {
    const { page } = session;
    await page.getByRole('status').filter({ hasText: 'Running.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Pause all access' }).isEnabled(), true);
  });

  it('pauses all access in the real core, and resumes it', async () => {
    const { page, harness } = session;
    await page.getByRole('button', { name: 'Pause all access' }).click();
    await page.getByRole('status').filter({ hasText: 'Paused.' }).waitFor();
    assert.equal((await harness.status()).paused, true);
    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.getByRole('status').filter({ hasText: 'Running.' }).waitFor();
    assert.equal((await harness.status()).paused, false);
  });

  it('follows a pause made outside the window, as the tray makes it', async () => {
    const { page, harness } = session;
    const paused = await harness.invoke('setPaused', { paused: true });
    assert.equal(paused.ok, true);
    await page.getByRole('status').filter({ hasText: 'Paused.' }).waitFor();
    await page.getByRole('button', { name: 'Resume access' }).click();
    await page.getByRole('status').filter({ hasText: 'Running.' }).waitFor();
  });

  it('shows each transport and where it listens', async () => {
    const transports = session.page.getByRole('list', { name: 'How apps connect' });
    await transports.getByText('Local connection, for Claude Desktop').waitFor();
    assert.equal(await transports.getByRole('listitem').count(), 2);
  });

  it('opens every section from the navigation, by keyboard', async () => {
    const { page } = session;
    for (const section of SECTIONS) {
      const button = page
        .getByRole('navigation', { name: 'Sections' })
        .getByRole('button', { name: section.label, exact: true });
      await button.focus();
      await page.keyboard.press('Enter');
      await page.getByRole('main', { name: section.label }).waitFor();
      assert.equal(await button.getAttribute('aria-current'), 'page');
    }
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});

describe('the UI harness bridge', () => {
  it('refuses a call without the run token', async () => {
    const { origin } = session.harness;
    const call = await fetch(`${origin}/__harness/invoke.js?token=wrong&id=1&channel=getStatus`);
    assert.equal(call.status, 403);
    assert.equal((await fetch(`${origin}/__harness/status`)).status, 403);
    assert.equal(
      (await fetch(`${origin}/__harness/save-file`, { method: 'POST', body: '{"path":"/x"}' }))
        .status,
      403,
    );
  });

  it('serves nothing outside the built renderer', async () => {
    const { origin } = session.harness;
    for (const probe of ['/..%2f..%2fpackage.json', '/%2e%2e/package.json', '/main.tsx']) {
      const response = await fetch(`${origin}${probe}`);
      assert.ok(response.status >= 400, `${probe} answered ${response.status}`);
    }
  });

  it('serves every response with the app CSP', async () => {
    const { CONTENT_SECURITY_POLICY } = await import('../../main/shell/content-security-policy.ts');
    const { origin } = session.harness;
    const page = await (await fetch(`${origin}/`)).text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page)?.[1];
    assert.ok(script, 'the page loads its script from assets/');
    for (const file of ['/', `/${script}`, '/harness-preload.js', '/missing.js']) {
      const response = await fetch(`${origin}${file}`);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    }
  });
});
