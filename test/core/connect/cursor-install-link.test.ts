// Cursor's one-click install link (cursor.com/docs/mcp/install-links): the server name and
// its mcp.json entry, as base64 of the JSON, in a cursor:// URL that survives URL parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cursor } from '../../../main/core/connect/clients/cursor.ts';
import {
  airlockEntryOf,
  cursorInstallLink,
  cursorInstallLinkOffered,
  entryOfCursorInstallLink,
} from '../../../main/core/connect/cursor-install-link.ts';

const ENDPOINTS = { stdio: { command: '/node', args: [] }, url: 'http://127.0.0.1:47474/mcp' };

describe("Cursor's install link", () => {
  it('is the deeplink with the name and the base64 of the entry', () => {
    const entry = { url: 'http://127.0.0.1:47474/mcp' };
    const config = Buffer.from(JSON.stringify(entry)).toString('base64');
    assert.equal(
      cursorInstallLink(entry),
      `cursor://anysphere.cursor-deeplink/mcp/install?name=airlock&config=${config}`,
    );
  });

  it("carries Cursor's own entry for Airlock: the loopback URL and the key header", () => {
    const entry = airlockEntryOf(cursor.addEdits(ENDPOINTS, 'Bearer alk_secret'));
    assert.deepEqual(entryOfCursorInstallLink(cursorInstallLink(entry)), {
      name: 'airlock',
      entry: {
        url: 'http://127.0.0.1:47474/mcp',
        headers: { Authorization: 'Bearer alk_secret' },
      },
    });
  });

  it('percent-encodes base64 "+", "/" and "=", so a URL parser reads them back unchanged', () => {
    // "?>?" encodes to "Pz4/" and "~~~~" ends in "==": every special base64 character occurs.
    const entry = { note: '?>?~~~~ü', more: '>>>' };
    const link = cursorInstallLink(entry);
    const query = link.slice(link.indexOf('?') + 1);
    assert.doesNotMatch(query.split('config=')[1] ?? '', /[+/=]/);
    const config = new URL(link).searchParams.get('config') ?? '';
    assert.match(Buffer.from(JSON.stringify(entry)).toString('base64'), /[+/]/);
    assert.deepEqual(JSON.parse(Buffer.from(config, 'base64').toString('utf8')), entry);
  });

  it('encodes a name with spaces or symbols', () => {
    const link = cursorInstallLink({}, 'Airlock & co');
    assert.equal(new URL(link).searchParams.get('name'), 'Airlock & co');
  });

  it('reads back nothing from a link that is not an MCP install link', () => {
    assert.equal(entryOfCursorInstallLink('https://cursor.com/?name=a&config=e30='), undefined);
    assert.equal(
      entryOfCursorInstallLink('cursor://anysphere.cursor-deeplink/mcp/install?name=a'),
      undefined,
    );
  });

  it('is offered on macOS and Windows only: on Linux the key would be on command lines others read', () => {
    assert.equal(cursorInstallLinkOffered('darwin'), true);
    assert.equal(cursorInstallLinkOffered('win32'), true);
    assert.equal(cursorInstallLinkOffered('linux'), false);
    assert.equal(cursorInstallLinkOffered('freebsd'), false);
  });
});
