import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { SecretPlaceholderError } from '../../../main/core/secrets/secret-placeholder-error.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import {
  BASE64,
  CONFIG,
  DIGITS,
  fake,
  OPTIONS,
  OTHER_FILE,
  pemLines,
  UPPER,
} from './secret-fixtures.ts';

const accessKeyId = 'AKIA' + fake(16, UPPER + DIGITS);
const secretKey = fake(40, BASE64);
const pem = pemLines().join('\n');
const FILE = [
  '# deploy settings',
  'region: eu-west-1',
  `aws_access_key_id: ${accessKeyId}`,
  `aws_secret_access_key: ${secretKey}`,
  'tls_key: |',
  ...pem.split('\n').map((line) => `  ${line}`),
  'replicas: 2',
  '',
].join('\n');
const view = maskFileText(FILE, CONFIG, OPTIONS);
const [idPlaceholder, keyPlaceholder, pemPlaceholder] = view.hidden.map((h) => h.placeholder);

function write(agentText: string, current = FILE) {
  return unmaskForWrite(agentText, current, CONFIG, OPTIONS);
}

function refusedWith(code: string, placeholder?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof SecretPlaceholderError, String(error));
    assert.equal(error.code, code);
    if (placeholder !== undefined) assert.equal(error.placeholder, placeholder);
    for (const value of [accessKeyId, secretKey, pem]) assert.ok(!error.message.includes(value));
    return true;
  };
}

describe('unmaskForWrite: the secrets stay intact on disk', () => {
  it('shows the agent three placeholders and none of the values', () => {
    assert.equal(view.hidden.length, 3);
    for (const value of [accessKeyId, secretKey, ...pem.split('\n')]) {
      assert.ok(!view.text.includes(value));
    }
  });

  it('writes text without placeholders as it is, without needing the file', () => {
    assert.deepEqual(write('plain: text\n', ''), { text: 'plain: text\n', restored: 0 });
  });

  it('keeps every secret when the lines around them are edited', () => {
    const edited = view.text.replace('region: eu-west-1', 'region: us-east-2\nzone: b');
    assert.equal(
      write(edited).text,
      FILE.replace('region: eu-west-1', 'region: us-east-2\nzone: b'),
    );
  });

  it('keeps a secret when the line holding it is edited', () => {
    const edited = view.text.replace(
      `aws_secret_access_key: ${keyPlaceholder}`,
      `aws_secret_access_key: ${keyPlaceholder}  # rotated in May`,
    );
    assert.equal(
      write(edited).text,
      FILE.replace(
        `aws_secret_access_key: ${secretKey}`,
        `aws_secret_access_key: ${secretKey}  # rotated in May`,
      ),
    );
  });

  it('keeps the secrets when the whole file is rewritten from the masked view', () => {
    const rewritten = [
      'replicas: 3',
      `aws_secret_access_key: "${keyPlaceholder}"`,
      `aws_access_key_id: "${idPlaceholder}"`,
      'tls_key: |',
      `  ${pemPlaceholder}`,
      '',
    ].join('\n');
    const indentedPem = pem.split('\n').join('\n  ');
    const written = write(rewritten);
    assert.equal(
      written.text,
      [
        'replicas: 3',
        `aws_secret_access_key: "${secretKey}"`,
        `aws_access_key_id: "${accessKeyId}"`,
        'tls_key: |',
        `  ${indentedPem}`,
        '',
      ].join('\n'),
    );
    assert.equal(written.restored, 3);
  });

  it('puts a value back as often as its placeholder is written', () => {
    const twice = `${view.text}backup_key_id: ${idPlaceholder}\n`;
    assert.deepEqual(write(twice), {
      text: `${FILE}backup_key_id: ${accessKeyId}\n`,
      restored: 4,
    });
  });

  it('lets the agent delete a secret by leaving its placeholder out', () => {
    const without = view.text.replace(`aws_access_key_id: ${idPlaceholder}\n`, '');
    assert.equal(write(without).text, FILE.replace(`aws_access_key_id: ${accessKeyId}\n`, ''));
  });

  it('reads the values from the file as it is at the write, not as it was read', () => {
    const current = `# a line added by the person\n${FILE}`;
    assert.equal(write(view.text, current).text, FILE);
  });

  it('keeps a CRLF file CRLF', () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const crlfView = maskFileText(crlf, CONFIG, OPTIONS);
    assert.equal(crlfView.hidden.length, 3);
    assert.ok(!crlfView.text.includes(secretKey));
    assert.equal(unmaskForWrite(crlfView.text, crlf, CONFIG, OPTIONS).text, crlf);
  });
});

describe('unmaskForWrite: placeholders that do not belong are refused', () => {
  it("refuses another file's placeholder, even for the same kind and number", () => {
    const other = maskFileText(`aws_access_key_id: ${accessKeyId}\n`, OTHER_FILE, OPTIONS);
    const foreign = other.hidden[0]?.placeholder ?? assert.fail();
    assert.notEqual(foreign, idPlaceholder);
    assert.throws(
      () => write(view.text.replace(idPlaceholder ?? '', foreign)),
      refusedWith('placeholder_not_in_file', foreign),
    );
  });

  it('refuses a placeholder with a number the file does not have', () => {
    const unknown = (keyPlaceholder ?? '').replace(' #1 ', ' #7 ');
    assert.throws(
      () => write(`${view.text}extra: ${unknown}\n`),
      refusedWith('placeholder_not_in_file', unknown),
    );
  });

  it('refuses a placeholder whose tag was altered', () => {
    const altered = (keyPlaceholder ?? '').replace(/~[a-z2-7]{6}/, '~aaaaaa');
    assert.throws(() => write(`x: ${altered}\n`), refusedWith('placeholder_not_in_file'));
  });

  it('refuses a placeholder whose secret changed between the read and the write', () => {
    const changed = FILE.replace(secretKey, fake(40, BASE64));
    assert.throws(
      () => write(view.text, changed),
      refusedWith('placeholder_not_in_file', keyPlaceholder),
    );
  });

  it('refuses a placeholder whose secret was removed between the read and the write', () => {
    const removed = FILE.replace(`aws_access_key_id: ${accessKeyId}\n`, '');
    assert.throws(
      () => write(view.text, removed),
      refusedWith('placeholder_not_in_file', idPlaceholder),
    );
  });

  it('refuses every placeholder in a file that does not exist yet', () => {
    assert.throws(() => write(view.text, ''), refusedWith('placeholder_not_in_file'));
  });

  const malformed: readonly [string, string][] = [
    ['without its tag, as in the documentation', '[secret hidden by Airlock: AWS secret key #1]'],
    ['in another case', (keyPlaceholder ?? '').toUpperCase()],
    ['cut short', (keyPlaceholder ?? '').slice(0, 40)],
    ['with a kind Airlock never names', '[secret hidden by Airlock: launch code #1 ~abcdef]'],
    ['as a bare prefix at the end of the text', '[secret hidden by Airlock'],
  ];
  for (const [shape, text] of malformed) {
    it(`refuses placeholder-like text ${shape}`, () => {
      const code = shape.includes('kind') ? 'placeholder_not_in_file' : 'placeholder_malformed';
      assert.throws(() => write(`note: ${text}`), refusedWith(code, text));
    });
  }

  it('keeps placeholder-like text that the file already holds as text of its own', () => {
    const doc = 'Masked values read like [secret hidden by Airlock: AWS secret key #1].\n';
    assert.deepEqual(write(`${doc}More.\n`, doc), { text: `${doc}More.\n`, restored: 0 });
  });

  it('refuses a placeholder moved where its value would show on the next read', () => {
    const moved = view.text.replace(
      `aws_secret_access_key: ${keyPlaceholder}`,
      `note: ${keyPlaceholder}`,
    );
    assert.throws(() => write(moved), refusedWith('placeholder_would_expose', keyPlaceholder));
  });

  it('refuses a placeholder glued to other text that would change what is found', () => {
    const glued = view.text.replace(`${keyPlaceholder}`, `${keyPlaceholder}XYZ`);
    assert.throws(() => write(glued), refusedWith('placeholder_would_expose', keyPlaceholder));
  });

  it('writes nothing from a refused text: the error comes before any result', () => {
    let result: unknown;
    assert.throws(() => {
      result = write(`${view.text}[secret hidden by Airlock: oops`);
    }, SecretPlaceholderError);
    assert.equal(result, undefined);
  });
});
