// Every web contents stays on the page it was given: navigation, redirects, new windows
// and webviews are denied; only an https link is passed on, to the system browser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebContents } from 'electron';
import { isSafeExternalUrl } from '../../main/shell/external-links.ts';
import { guardWebContents } from '../../main/shell/web-contents-guards.ts';
import { FakeShell, FakeWebContents } from './fake-electron.ts';

function guarded() {
  const contents = new FakeWebContents();
  const shell = new FakeShell();
  guardWebContents(contents as unknown as WebContents, (url) => shell.openExternal(url));
  return { contents, shell };
}

describe('web contents guards', () => {
  it('deny every navigation, even to the app’s own origin', () => {
    const { contents } = guarded();
    for (const url of ['https://example.com/', 'app://airlock/other.html', 'file:///etc/passwd'])
      assert.equal(contents.attempt('will-navigate', url), true, url);
  });

  it('deny sub-frame navigation, redirects and webviews', () => {
    const { contents } = guarded();
    assert.equal(contents.attempt('will-frame-navigate', 'https://example.com/'), true);
    assert.equal(contents.attempt('will-redirect', 'https://example.com/'), true);
    assert.equal(contents.attempt('will-attach-webview'), true);
  });

  it('deny every new window', () => {
    const { contents } = guarded();
    for (const url of [
      'https://example.com/',
      'app://airlock/',
      'about:blank',
      'javascript:alert(1)',
    ])
      assert.deepEqual(contents.windowOpenHandler?.({ url }), { action: 'deny' }, url);
  });

  it('open an https link in the system browser, and nothing else', () => {
    const { contents, shell } = guarded();
    for (const url of [
      'https://modelcontextprotocol.io/',
      'http://example.com/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'vscode://settings',
      'smb://server/share',
      'https://user:pass@example.com/',
    ])
      contents.windowOpenHandler?.({ url });
    contents.attempt('will-navigate', 'https://example.com/docs');
    contents.attempt('will-navigate', 'ms-settings:privacy');
    assert.deepEqual(shell.opened, [
      'https://modelcontextprotocol.io/',
      'https://example.com/docs',
    ]);
  });
});

describe('the external link check', () => {
  it('accepts https URLs only', () => {
    assert.equal(isSafeExternalUrl('https://example.com/a?b#c'), true);
    for (const url of [
      'http://example.com',
      'HTTPS:/',
      'not a url',
      'file:///x',
      'https://u@example.com/',
    ])
      assert.equal(isSafeExternalUrl(url), false, url);
  });
});
