import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LineWindow } from '../../../main/core/fs/read-text.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { maskedLineWindow, MaskedLines } from '../../../main/core/secrets/masked-lines.ts';
import {
  maskedOffsetOf,
  overlapsHidden,
  overlapsPlaceholder,
} from '../../../main/core/secrets/masked-positions.ts';
import { CONFIG, fake, OPTIONS, pemLines } from './secret-fixtures.ts';

const token = 'ghp_' + fake(36);
const pem = pemLines();
// Line 1..3, then an 8-line key block (lines 4-11), then lines 12..13.
const FILE = [
  'name: api',
  `token: ${token} # rotate`,
  'key: |',
  ...pem.map((line) => `  ${line}`),
  'port: 8080',
  'token_ttl: 3600',
  '',
].join('\n');
const view = maskFileText(FILE, CONFIG, OPTIONS);
const lines = new MaskedLines(view);
const [tokenSecret, keySecret] = view.hidden;

describe('search_content: a match that touches a secret is never reported', () => {
  const at = FILE.indexOf(token);

  it('skips a match of the secret itself, of a part of it, and across its edge', () => {
    assert.equal(overlapsHidden(view, at, at + token.length), true);
    assert.equal(overlapsHidden(view, at + 5, at + 9), true);
    assert.equal(overlapsHidden(view, at - 2, at + 1), true);
    assert.equal(overlapsHidden(view, at + token.length - 1, at + token.length + 3), true);
  });

  it('keeps a match beside the secret, on the same line', () => {
    assert.equal(overlapsHidden(view, at - 'token: '.length, at - 2), false);
    const comment = FILE.indexOf('# rotate');
    assert.equal(overlapsHidden(view, comment, comment + 8), false);
    assert.equal(overlapsHidden(view, at + token.length, at + token.length + 1), false);
  });

  it('skips an empty match inside a secret, but not at its edges', () => {
    assert.equal(overlapsHidden(view, at + 3, at + 3), true);
    assert.equal(overlapsHidden(view, at, at), false);
    assert.equal(overlapsHidden(view, at + token.length, at + token.length), false);
  });

  it('skips a match inside a key block that spans lines', () => {
    const body = FILE.indexOf(pem[3] ?? '');
    assert.equal(overlapsHidden(view, body, body + 10), true);
  });

  it('tells a match in the masked text that touches a placeholder', () => {
    const placeholder = tokenSecret?.masked ?? assert.fail();
    assert.equal(overlapsPlaceholder(view, placeholder.start + 2, placeholder.start + 8), true);
    assert.equal(overlapsPlaceholder(view, placeholder.end, placeholder.end + 2), false);
    assert.equal(overlapsPlaceholder(view, 0, 4), false);
  });
});

describe('MaskedLines: the line a match is shown on, numbered as the agent reads the file', () => {
  it('numbers lines before a key block as the file does', () => {
    assert.equal(lines.lineOfOriginal(FILE.indexOf('name')), 1);
    assert.equal(lines.lineOfOriginal(FILE.indexOf('# rotate')), 2);
    assert.equal(lines.text(2), `token: ${tokenSecret?.placeholder} # rotate`);
  });

  it('shows a key block as one line, so later lines move up by its extra lines', () => {
    assert.equal(lines.text(4), `  ${keySecret?.placeholder}`);
    assert.equal(lines.lineOfOriginal(FILE.indexOf('port')), 5);
    assert.equal(lines.text(5), 'port: 8080');
    assert.equal(lines.count, view.text.split('\n').length);
  });

  it('maps an offset inside a secret to the start of its placeholder', () => {
    const inside = FILE.indexOf(pem[2] ?? '');
    assert.equal(maskedOffsetOf(view, inside), keySecret?.masked.start);
    assert.equal(lines.lineOfOriginal(inside), 4);
  });

  it('keeps a carriage return at the end of a CRLF line, as text.split would', () => {
    const crlf = maskFileText('a\r\nb\r\n', CONFIG, OPTIONS);
    assert.equal(new MaskedLines(crlf).text(1), 'a\r');
  });

  it('answers an empty line past the end', () => {
    assert.equal(lines.text(99), '');
  });
});

describe('maskedLineWindow: head, tail and ranges of the masked file', () => {
  const masked = view.text;
  const window = (text: string, lines: LineWindow) =>
    maskedLineWindow(maskFileText(text, CONFIG, OPTIONS), lines).text;

  it('cuts a window from the whole masked file, so a key block is hidden whole', () => {
    const head = maskedLineWindow(view, { kind: 'head', lines: 4 });
    assert.equal(head.text, masked.slice(0, masked.indexOf('port')));
    assert.ok(head.text.includes(keySecret?.placeholder ?? '?'));
    for (const line of pem) assert.ok(!head.text.includes(line.slice(5, 30)));
  });

  it('names the secrets whose placeholders the window shows, and only those', () => {
    const kinds = (lines: LineWindow) =>
      maskedLineWindow(view, lines).hidden.map(({ kind }) => kind);
    assert.deepEqual(kinds({ kind: 'head', lines: 1 }), []);
    assert.deepEqual(kinds({ kind: 'range', offset: 1, length: 1 }), ['github-token']);
    assert.deepEqual(kinds({ kind: 'tail', lines: 3 }), ['private-key']);
    assert.deepEqual(kinds({ kind: 'whole' }), ['github-token', 'private-key']);
  });

  it('gives the last lines, where a final newline ends the last line', () => {
    assert.equal(
      maskedLineWindow(view, { kind: 'tail', lines: 2 }).text,
      'port: 8080\ntoken_ttl: 3600\n',
    );
    assert.equal(window('a\nb', { kind: 'tail', lines: 1 }), 'b');
    assert.equal(window('a\nb\n', { kind: 'tail', lines: 5 }), 'a\nb\n');
    assert.equal(window('a\nb\n', { kind: 'tail', lines: 0 }), '');
    assert.equal(window('', { kind: 'tail', lines: 1 }), '');
  });

  it('gives a range of lines after an offset', () => {
    assert.equal(
      maskedLineWindow(view, { kind: 'range', offset: 1, length: 1 }).text,
      `token: ${tokenSecret?.placeholder} # rotate\n`,
    );
    assert.equal(maskedLineWindow(view, { kind: 'range', offset: 50, length: 2 }).text, '');
  });

  it('gives the whole view for a whole read', () => {
    assert.equal(maskedLineWindow(view, { kind: 'whole' }), view);
  });
});
