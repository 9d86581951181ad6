import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findFileSecrets } from '../../../main/core/secrets/find-file-secrets.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import { CONFIG, DASHES, OPTIONS, pemLines, PRIVATE } from './secret-fixtures.ts';

const HIGH = { entropy: false };

/** The text each span of `text` covers. */
function hiddenTexts(text: string): string[] {
  return findFileSecrets(text, HIGH).map(({ start, end }) => text.slice(start, end));
}

describe('private key blocks: one span, however the file holds the lines', () => {
  const lines = pemLines();
  const block = lines.join('\n');

  const shapes: readonly [string, string, string][] = [
    ['a .pem file, the block at the very start and end of the text', block, block],
    ['a block with CRLF line ends', lines.join('\r\n'), lines.join('\r\n')],
    [
      'a JSON string with escaped newlines',
      `{"private_key": "${lines.join('\\n')}\\n"}`,
      lines.join('\\n'),
    ],
    [
      'a JSON string with escaped CRLF',
      `{"private_key": "${lines.join('\\r\\n')}\\r\\n"}`,
      lines.join('\\r\\n'),
    ],
    [
      'Python strings joined by adjacency inside parentheses',
      `KEY = (\n${lines.map((line) => `    "${line}\\n"`).join('\n')}\n)\n`,
      lines.join('\\n"\n    "'),
    ],
    [
      'JavaScript strings joined with +',
      `const key =\n${lines.map((line) => `  '${line}\\n'`).join(' +\n')};\n`,
      lines.join("\\n' +\n  '"),
    ],
    [
      'a shell string continued with a backslash',
      `KEY="${lines.join('\\\n')}"\n`,
      lines.join('\\\n'),
    ],
    [
      'a block on one line, its newlines turned into spaces, in a .env file',
      `TLS_KEY="${lines.join(' ')}"\n`,
      lines.join(' '),
    ],
    [
      'an encrypted block with its Proc-Type and DEK-Info headers',
      [
        lines[0],
        'Proc-Type: 4,ENCRYPTED',
        'DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF',
        '',
        ...lines.slice(1),
      ].join('\n'),
      [
        lines[0],
        'Proc-Type: 4,ENCRYPTED',
        'DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF',
        '',
        ...lines.slice(1),
      ].join('\n'),
    ],
  ];
  for (const [shape, text, hidden] of shapes) {
    it(`hides ${shape}`, () => {
      assert.deepEqual(hiddenTexts(text), [hidden]);
      const view = maskFileText(text, CONFIG, OPTIONS);
      assert.equal(unmaskForWrite(view.text, text, CONFIG, OPTIONS).text, text);
    });
  }

  it('hides the OpenSSH, EC, PKCS#8 and PGP forms', () => {
    for (const label of [`OPENSSH ${PRIVATE}`, `EC ${PRIVATE}`, PRIVATE, `PGP ${PRIVATE} BLOCK`]) {
      const text = pemLines(label).join('\n');
      assert.deepEqual(hiddenTexts(`x\n${text}\ny`), [text], label);
    }
  });

  it('hides a block whose footer was cut off, up to its last line of key material', () => {
    const truncated = lines.slice(0, -1).join('\n');
    assert.deepEqual(hiddenTexts(`${truncated}\n`), [truncated]);
  });

  it('hides two blocks as two secrets, numbered in order', () => {
    const second = pemLines(`EC ${PRIVATE}`).join('\n');
    const view = maskFileText(`${block}\n\n${second}\n`, CONFIG, OPTIONS);
    assert.deepEqual(
      view.hidden.map(({ ordinal, kind }) => [kind, ordinal]),
      [
        ['private-key', 1],
        ['private-key', 2],
      ],
    );
  });

  it('leaves a public key and a certificate visible', () => {
    const body = lines.slice(1, -1).join('\n');
    for (const label of ['PUBLIC KEY', 'CERTIFICATE']) {
      const text = `${DASHES}BEGIN ${label}${DASHES}\n${body}\n${DASHES}END ${label}${DASHES}\n`;
      assert.deepEqual(hiddenTexts(text), [], label);
    }
  });

  it('leaves code that only names the header and footer visible', () => {
    const code = [
      `BEGIN = "${lines[0]}"`,
      `END = "${lines.at(-1)}"`,
      'def is_private_key(text):',
      '    return text.startswith(BEGIN) and text.rstrip().endswith(END)',
      '',
    ].join('\n');
    assert.deepEqual(hiddenTexts(code), []);
  });

  it('leaves code between a header and a footer visible, even when its words are base64', () => {
    const code = [
      `HEADER = "${lines[0]}"`,
      'return header and body and footer and nothing else at all here',
      `FOOTER = "${lines.at(-1)}"`,
    ].join('\n');
    assert.deepEqual(hiddenTexts(code), []);
  });

  it('leaves a header and footer with no key material between them visible', () => {
    assert.deepEqual(hiddenTexts(`"${lines[0]}\\n${lines.at(-1)}"`), []);
  });
});
