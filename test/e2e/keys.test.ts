// The Keys section end to end: the built renderer in Debian's headless Chromium under the
// app's CSP, the real main-process handlers and core behind it (scripts/ui-harness.ts),
// with keys in the harness's in-memory keychain. A key made in the window works over HTTP
// at once; its secret is shown once, copied, and gone from the page after Done.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator } from 'playwright-core';
import { initializeStatus } from '../helpers/http-raw.ts';
import { seedDataDir, type SeededDataDir } from './support/data-dir.ts';
import { WindowSession } from './support/window-session.ts';

let session: WindowSession;
let seeded: SeededDataDir;
let notes: string;
let photos: string;
/** The secrets the window showed, in order. */
const shownSecrets: string[] = [];

before(async () => {
  seeded = await seedDataDir({
    name: 'keys',
    workspaces: { 'Project notes': 'write', Photos: 'read' },
  });
  notes = seeded.at('Project notes');
  photos = seeded.at('Photos');
  session = await WindowSession.open({ dataDir: seeded.dataDir });
  // The Copy button writes to the clipboard; the test reads it back.
  await session.page
    .context()
    .grantPermissions(['clipboard-read', 'clipboard-write'], { origin: session.harness.origin });
  await session.openSection('Keys');
});

after(async () => {
  await session?.close();
  await seeded?.remove();
});

const keysMain = () => session.page.getByRole('main', { name: 'Keys' });
const keyList = () => keysMain().getByRole('list', { name: 'Keys' });
const keyItem = (name: string) =>
  keyList()
    .getByRole('listitem')
    .filter({ has: session.page.getByRole('heading', { name, exact: true }) });
const secretField = () => keysMain().getByRole('textbox', { name: 'The key' });

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

async function until(condition: () => Promise<boolean>, message: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function listedKeys() {
  const envelope = await session.harness.invoke('listKeys');
  assert.ok(envelope.ok, JSON.stringify(envelope));
  return envelope.data;
}

describe('the Keys section: no key yet', () => {
  it('says there are no keys, and HTTP waits for the first one', async () => {
    await keysMain().getByText('No keys yet.').waitFor();
    const http = (await session.harness.status()).transports.find((t) => t.transport === 'http');
    assert.equal(http?.state, 'off');
    await session.assertAccessibleInBothThemes();
  });
});

describe('the Keys section: creating a key', () => {
  it('opens the form by keyboard, with the focus in the labelled name field', async () => {
    const { page } = session;
    await keysMain().getByRole('button', { name: 'Create a key…' }).focus();
    await page.keyboard.press('Enter');
    const form = keysMain().getByRole('region', { name: 'Create a key' });
    await form.waitFor();
    assert.equal(await isFocused(form.getByLabel('Name')), true);
    for (const folder of [notes, photos])
      assert.equal(await form.getByRole('checkbox', { name: folder }).isChecked(), false);
    assert.equal(
      await form.getByRole('radio', { name: 'Can read', exact: true }).isChecked(),
      true,
    );
    await session.assertAccessibleInBothThemes();
    await session.screenshots('keys-create');
  });

  it('explains each refusal beside its field, and creates nothing', async () => {
    const form = keysMain().getByRole('region', { name: 'Create a key' });
    const name = form.getByLabel('Name');
    const create = form.getByRole('button', { name: 'Create key' });

    await create.click();
    await form.getByRole('alert').filter({ hasText: 'Give the key a name' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'true');
    assert.equal(await isFocused(name), true);

    await name.fill('work/laptop');
    await create.click();
    await form.getByRole('alert').filter({ hasText: 'cannot be a key name' }).waitFor();

    await name.fill('cursor-laptop');
    await create.click();
    await form.getByRole('alert').filter({ hasText: 'Choose at least one folder' }).waitFor();
    assert.equal(await name.getAttribute('aria-invalid'), 'false');
    assert.equal(await isFocused(form.getByRole('checkbox', { name: notes })), true);
    await session.assertAccessibleInBothThemes();

    assert.deepEqual(await listedKeys(), []);
  });

  it('makes the key and shows it once, in a read-only field with the keychain note', async () => {
    const form = keysMain().getByRole('region', { name: 'Create a key' });
    await form.getByRole('checkbox', { name: notes }).check();
    await form.getByRole('button', { name: 'Create key' }).click();

    const card = keysMain().getByRole('region', { name: 'Your new key “cursor-laptop”' });
    await card.waitFor();
    assert.equal(await form.count(), 0, 'the form is closed');
    assert.equal(await isFocused(card.getByRole('heading', { level: 2 })), true);
    const secret = await secretField().inputValue();
    assert.match(secret, /^alk_[A-Za-z0-9_-]{43}$/);
    assert.equal(await secretField().getAttribute('readonly'), '');
    await card
      .getByText('Stored in your system keychain. Airlock will not show it again.')
      .waitFor();
    shownSecrets.push(secret);

    const [key, ...others] = await listedKeys();
    assert.deepEqual(others, []);
    assert.equal(key?.name, 'cursor-laptop');
    assert.deepEqual(key?.workspaces, [notes]);
    assert.equal(key?.access, 'read');
    assert.ok(!JSON.stringify(key).includes(secret), 'the list never carries the secret');

    await session.assertAccessibleInBothThemes();
    await session.screenshots('keys-new');
  });

  it('copies the key with the Copy button and says "Copied"', async () => {
    const { page } = session;
    await keysMain().getByRole('button', { name: 'Copy' }).click();
    await keysMain().getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shownSecrets[0]);
  });

  it('takes the key off the page for good with Done', async () => {
    const { page } = session;
    await keysMain().getByRole('button', { name: 'Done' }).click();
    assert.equal(await secretField().count(), 0);
    assert.ok(!(await page.content()).includes(shownSecrets[0] as string));
    assert.equal(
      await isFocused(keysMain().getByRole('button', { name: 'Create a key…' })),
      true,
      'the focus goes back to where a next key starts',
    );
  });

  it('lists the key: its folders and access in plain words, created, never used', async () => {
    const item = keyItem('cursor-laptop');
    await item.waitFor();
    const text = await item.innerText();
    assert.match(text, new RegExp(`Folders\\s+${notes.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.match(text, /Access\s+Can read\b/);
    assert.doesNotMatch(text, /Can read and change/);
    assert.match(text, /Created\s+\S/);
    assert.match(text, /Last used\s+Never used/);
    assert.doesNotMatch(text, /missing from your system keychain/);
    await session.assertAccessibleInBothThemes();
    await session.screenshots('keys');
  });
});

describe('the Keys section: the key at work', () => {
  it('authenticates over HTTP at once: HTTP listens after the first key, and takes it', async () => {
    const url = await session.harness.httpAddress();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.equal(await initializeStatus(url, shownSecrets[0] as string), 200);
    assert.equal(await initializeStatus(url, `alk_${'x'.repeat(43)}`), 401);
  });

  it('shows when the key was last used', async () => {
    await until(async () => (await listedKeys())[0]?.lastUsed !== null, 'the core notes the use');
    // The list is read when the section opens.
    await session.openSection('Folders');
    await session.openSection('Keys');
    const text = await keyItem('cursor-laptop').innerText();
    assert.match(text, /Last used\s+\S/);
    assert.doesNotMatch(text, /Never used/);
  });
});

describe('the Keys section: a new secret, with confirmation', () => {
  const rotateButton = () =>
    keysMain().getByRole('button', { name: 'Make a new secret… for cursor-laptop' });
  const dialog = () => session.page.getByRole('dialog', { name: /Make a new secret for/ });

  it('asks first, and Cancel changes nothing', async () => {
    await rotateButton().click();
    await dialog().waitFor();
    await dialog().getByText('The current secret stops working at once').waitFor();
    await session.assertAccessibleInBothThemes();
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'hidden' });
    assert.equal((await listedKeys())[0]?.rotated, null);
    assert.equal(await secretField().count(), 0);
  });

  it('shows a new key, once, different from the first; the first stops working', async () => {
    await rotateButton().click();
    await dialog().getByRole('button', { name: 'Make a new secret' }).click();
    const card = keysMain().getByRole('region', { name: 'New secret for “cursor-laptop”' });
    await card.waitFor();
    await card.getByText('The old secret no longer works.').waitFor();
    const secret = await secretField().inputValue();
    assert.match(secret, /^alk_/);
    assert.notEqual(secret, shownSecrets[0]);
    shownSecrets.push(secret);
    assert.ok((await listedKeys())[0]?.rotated, 'the list says it was rotated');

    const url = await session.harness.httpAddress();
    await until(
      async () => (await initializeStatus(url, shownSecrets[0] as string)) === 401,
      'the old secret is refused',
    );
    assert.equal(await initializeStatus(url, secret), 200);

    await keysMain().getByRole('button', { name: 'Done' }).click();
    assert.equal(await secretField().count(), 0);
  });
});

describe('the Keys section: revoking, with confirmation', () => {
  const revokeButton = () =>
    keysMain().getByRole('button', { name: 'Revoke… the key cursor-laptop' });
  const dialog = () =>
    session.page.getByRole('dialog', { name: 'Revoke the key “cursor-laptop”?' });

  it('says what stops working, and Escape keeps the key', async () => {
    const { page } = session;
    await revokeButton().click();
    await dialog().waitFor();
    await dialog().getByText('Apps that use this key stop working with Airlock at once').waitFor();
    assert.equal(
      await isFocused(dialog().getByRole('button', { name: 'Cancel' })),
      true,
      'Cancel has the focus, so Enter never revokes by accident',
    );
    await session.assertAccessibleInBothThemes();
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'hidden' });
    assert.equal((await listedKeys()).length, 1);
    await keyItem('cursor-laptop').waitFor();
  });

  it('revokes on confirmation: the key leaves the list and stops working', async () => {
    await revokeButton().click();
    await dialog().getByRole('button', { name: 'Revoke key' }).click();
    await keysMain()
      .getByRole('status')
      .filter({ hasText: 'The key “cursor-laptop” is revoked.' })
      .waitFor();
    await keysMain().getByText('No keys yet.').waitFor();
    assert.deepEqual(await listedKeys(), []);
    const url = await session.harness.httpAddress();
    await until(
      async () => (await initializeStatus(url, shownSecrets[1] as string)) === 401,
      'the revoked key is refused',
    );
  });
});

describe('the Keys section by keyboard alone', () => {
  it('creates a key that can change files, copies it and puts it away', async () => {
    const { page } = session;
    await keysMain().getByRole('button', { name: 'Create a key…' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.type('VS Code');
    await page.keyboard.press('Tab'); // the first folder
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // the second folder
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // the access choice
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab'); // Create key
    await page.keyboard.press('Enter');

    const card = keysMain().getByRole('region', { name: 'Your new key “VS Code”' });
    await card.waitFor();
    const [key] = await listedKeys();
    assert.deepEqual(key?.workspaces, [notes, photos]);
    assert.equal(key?.access, 'write');

    await page.keyboard.press('Tab'); // the key's field
    assert.equal(await isFocused(secretField()), true);
    await page.keyboard.press('Tab'); // Copy
    await page.keyboard.press('Enter');
    await keysMain().getByRole('status').filter({ hasText: 'Copied' }).waitFor();
    assert.equal(
      await page.evaluate(() => navigator.clipboard.readText()),
      await secretField().inputValue(),
    );

    // The app's window answers every permission request no, so the clipboard API may be
    // refused there: the Copy button then copies the selected field instead.
    await page.evaluate(async () => {
      await navigator.clipboard.writeText('something else');
      navigator.clipboard.writeText = () =>
        Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    });
    await page.keyboard.press('Enter'); // Copy, still focused
    await until(
      async () =>
        (await page.evaluate(() => navigator.clipboard.readText())) ===
        (await secretField().inputValue()),
      'the fallback copies the key',
    );
    assert.equal(
      await isFocused(keysMain().getByRole('button', { name: 'Copy' })),
      true,
      'the focus stays on Copy',
    );
    await page.keyboard.press('Tab'); // Done
    await page.keyboard.press('Enter');
    assert.equal(await secretField().count(), 0);

    const text = await keyItem('VS Code').innerText();
    assert.match(text, /Access\s+Can read and change/);
    assert.ok(text.includes(photos));
  });

  it('ran the whole time without a CSP violation or a page error', () => {
    session.assertNoPageProblems();
  });
});
