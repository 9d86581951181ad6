// Secrets inside files, through the tools as an agent calls them: each family of secret in a
// YAML, a .py, a JSON and a shell file reads masked and survives write_file and edit_file
// intact; windows, search, refusals, the per-folder setting, exempt names and the audit.
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildChangePreview } from '../../../main/core/approvals/change-preview.ts';
import { DEFAULT_LIMITS } from '../../../main/core/policy/limits.ts';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { makePolicy, put } from '../fixtures.ts';
import {
  fake,
  FORMATS,
  hiddenIn,
  KEY,
  pemLines,
  secretFamilies,
} from '../secrets/secret-fixtures.ts';
import { secretsAgent, type CallAnswer, type SecretsAgent } from './secrets-tools-fixture.ts';

const PLACEHOLDER = /\[secret hidden by Airlock: [^\]]+\]/g;
const NOTE = /\n\nAirlock hid \d+ values? that looks? like secrets[^\n]*$/;

/** The file's text as the agent read it: the answer without Airlock's note. */
function fileTextOf(answer: CallAnswer): string {
  return answer.text.replace(NOTE, '\n').replace(/\n\n$/, '\n');
}

function placeholdersIn(text: string): string[] {
  return text.match(PLACEHOLDER) ?? [];
}

let agent: SecretsAgent;
before(async () => {
  agent = await secretsAgent();
});
after(() => agent.close());

describe('each family of secret in each kind of file, through the tools', () => {
  const families = secretFamilies();
  families.forEach((family, index) => {
    for (const format of FORMATS) {
      const original = family.files[format];
      const value = hiddenIn(family, format);
      const name = `table/${family.kind}-${index}.${format}`;

      it(`${family.kind} in a .${format} file reads masked, and write_file and edit_file keep it`, async () => {
        const file = await put(agent.ws, name, original);
        const read = await agent.call('read_text_file', { path: name });
        assert.equal(read.isError, false, read.text);
        assert.ok(!read.text.includes(value), `the value shows: ${read.text}`);
        assert.equal(placeholdersIn(read.text).length, 1, read.text);
        assert.match(read.text, /Airlock hid 1 value that looks like secrets/);
        const masked = fileTextOf(read);

        // The whole file rewritten from the masked view.
        const rewritten = await agent.call('write_file', { path: name, content: masked });
        assert.equal(rewritten.isError, false, rewritten.text);
        assert.equal(await readFile(file, 'utf8'), original);

        // A line added before the first, in one edit over the whole masked view.
        const edits = [{ oldText: masked, newText: `# checked\n${masked}` }];
        const dry = await agent.call('edit_file', { path: name, edits, dryRun: true });
        assert.ok(!dry.text.includes(value), dry.text);
        const edited = await agent.call('edit_file', { path: name, edits });
        assert.equal(edited.isError, false, edited.text);
        const after = await readFile(file, 'utf8');
        assert.ok(after.includes(value), 'the value is still on disk');
        assert.ok(after.includes('# checked'));
        assert.ok(!after.includes('secret hidden by Airlock'));
      });
    }
  });
});

describe('editing on and around a secret', () => {
  const password = `${fake(12)}!x`;
  const text = `db:\n  url: postgres://app:${password}@db.internal:5432/app\n  pool: 5\n`;

  it('edits the secret’s own line, keeping the value', async () => {
    const file = await put(agent.ws, 'own-line.yaml', text);
    const [placeholder] = placeholdersIn(
      (await agent.call('read_text_file', { path: 'own-line.yaml' })).text,
    );
    const edits = [
      { oldText: `${placeholder}@db.internal`, newText: `${placeholder}@db2.internal` },
    ];
    const edited = await agent.call('edit_file', { path: 'own-line.yaml', edits });
    assert.equal(edited.isError, false, edited.text);
    assert.equal(await readFile(file, 'utf8'), text.replace('db.internal', 'db2.internal'));
    assert.ok(!edited.text.includes(password));
  });

  it('edits the lines around it, and replaces the line of the secret while keeping its placeholder', async () => {
    const file = await put(agent.ws, 'around.yaml', text);
    const read = fileTextOf(await agent.call('read_text_file', { path: 'around.yaml' }));
    const edits = [
      { oldText: 'db:\n', newText: 'database:\n' },
      { oldText: '  pool: 5\n', newText: '  pool: 10\n  timeout: 3\n' },
    ];
    assert.equal((await agent.call('edit_file', { path: 'around.yaml', edits })).isError, false);
    assert.equal(
      await readFile(file, 'utf8'),
      `database:\n  url: postgres://app:${password}@db.internal:5432/app\n  pool: 10\n  timeout: 3\n`,
    );
    assert.ok(read.includes('[secret hidden by Airlock: password in a URL #1'));
  });

  it('finds nothing when oldText is the value itself, even in a dry run', async () => {
    await put(agent.ws, 'guess.yaml', text);
    const dry = await agent.call('edit_file', {
      path: 'guess.yaml',
      edits: [{ oldText: password, newText: 'x' }],
      dryRun: true,
    });
    assert.equal(dry.isError, true);
    assert.match(dry.text, /oldText was not found/);
  });
});

describe('head, tail and ranges', () => {
  const values = [0, 1, 2].map(() => `ghp_${fake(36)}`);
  const lines = [
    `first: ${values[0]}`,
    'two',
    'three',
    `fourth: ${values[1]}`,
    'five',
    `last: ${values[2]}`,
  ];
  const text = `${lines.join('\n')}\n`;

  it('numbers each placeholder as in the whole file and counts only what the window shows', async () => {
    await put(agent.ws, 'window.yaml', text);
    const head = await agent.call('read_text_file', { path: 'window.yaml', head: 1 });
    assert.match(
      head.text,
      /^first: \[secret hidden by Airlock: GitHub token #1 ~[a-z2-7]{6}\]\n\nAirlock hid 1 value/,
    );
    const range = await agent.call('read_text_file', { path: 'window.yaml', offset: 3, length: 1 });
    assert.match(range.text, /^fourth: \[secret hidden by Airlock: GitHub token #2 ~/);
    const tail = await agent.call('read_text_file', { path: 'window.yaml', tail: 1 });
    assert.match(tail.text, /^last: \[secret hidden by Airlock: GitHub token #3 ~/);
    const plain = await agent.call('read_text_file', { path: 'window.yaml', offset: 1, length: 2 });
    assert.equal(plain.text, 'two\nthree\n', 'a window without a secret has no note');
    for (const answer of [head, range, tail, plain]) {
      for (const value of values) assert.ok(!answer.text.includes(value));
    }
  });

  it('hides a key block cut by a window’s edge whole, and numbers lines after it as the masked view', async () => {
    const pem = pemLines();
    await put(agent.ws, 'key.yaml', `tls:\n  key: |\n    ${pem.join('\n    ')}\nport: 443\n`);
    const cut = await agent.call('read_text_file', { path: 'key.yaml', head: 3 });
    assert.match(cut.text, /^tls:\n  key: \|\n    \[secret hidden by Airlock: private key #1 /);
    assert.ok(!pem.some((line) => cut.text.includes(line.trim())), cut.text);
    const whole = fileTextOf(await agent.call('read_text_file', { path: 'key.yaml' }));
    const lineOfPort = whole.split('\n').indexOf('port: 443') + 1;
    assert.equal(lineOfPort, 4, whole);
    const found = await agent.call('search_content', {
      path: '.',
      pattern: 'port: 443',
      includePattern: 'key.yaml',
    });
    assert.match(found.text, /\n  4: port: 443/);
  });
});

describe('placeholders a write cannot put back are refused, and the file is left as it was', () => {
  const value = () => `sk_live_${fake(24)}`;

  it('refuses a placeholder read before the secret changed on disk', async () => {
    const file = await put(agent.ws, 'rotated.py', `STRIPE = "${value()}"\n`);
    const masked = fileTextOf(await agent.call('read_text_file', { path: 'rotated.py' }));
    const rotated = `STRIPE = "${value()}"\n`;
    await writeFile(file, rotated);
    const write = await agent.call('write_file', {
      path: 'rotated.py',
      content: `${masked}DEBUG = 1\n`,
    });
    assert.equal(write.isError, true);
    assert.match(write.text, /not in this file now/);
    assert.equal(write.record.outcome, 'denied');
    assert.match(write.record.reason ?? '', /^secret_placeholder:/);
    assert.equal(await readFile(file, 'utf8'), rotated);
  });

  it('refuses another file’s placeholder, a made-up one and one whose secret is gone', async () => {
    await put(agent.ws, 'a.py', `STRIPE = "${value()}"\n`);
    const theirs =
      placeholdersIn((await agent.call('read_text_file', { path: 'a.py' })).text)[0] ?? '';
    const bText = `STRIPE = "${value()}"\n`;
    const b = await put(agent.ws, 'b.py', bText);
    const mine =
      placeholdersIn((await agent.call('read_text_file', { path: 'b.py' })).text)[0] ?? '';
    const madeUp = mine.replace(/~[a-z2-7]{6}\]/, '~aaaaaa]');
    for (const placeholder of [theirs, madeUp]) {
      const write = await agent.call('write_file', {
        path: 'b.py',
        content: `STRIPE = "${placeholder}"\n`,
      });
      assert.equal(write.isError, true, placeholder);
      const edit = await agent.call('edit_file', {
        path: 'b.py',
        edits: [{ oldText: mine, newText: placeholder }],
      });
      assert.equal(edit.isError, true, placeholder);
      assert.equal(await readFile(b, 'utf8'), bText);
    }
    await writeFile(b, 'STRIPE = None\n');
    const gone = await agent.call('write_file', { path: 'b.py', content: `STRIPE = "${mine}"\n` });
    assert.equal(gone.isError, true);
    assert.equal(await readFile(b, 'utf8'), 'STRIPE = None\n');
  });

  it('refuses a placeholder moved where its value would show (placeholder_would_expose)', async () => {
    const secret = `${fake(30)}/${fake(9)}`;
    const text = `aws_secret_access_key: ${secret}\n`;
    const file = await put(agent.ws, 'moved.yaml', text);
    const [placeholder] = placeholdersIn(
      (await agent.call('read_text_file', { path: 'moved.yaml' })).text,
    );
    const write = await agent.call('write_file', {
      path: 'moved.yaml',
      content: `comment: ${placeholder}\n`,
    });
    assert.equal(write.isError, true);
    assert.match(write.text, /no longer recognizes it as a secret/);
    assert.equal(await readFile(file, 'utf8'), text);
  });
});

describe('search_content cannot confirm a value', () => {
  const token = `ghp_${fake(36)}`;

  before(async () => {
    await put(agent.ws, 'search/app.yaml', `name: app\ntoken: ${token}\nowner: ada\n`);
  });

  for (const [what, args] of [
    ['the whole value', { pattern: token }],
    ['its first characters', { pattern: token.slice(0, 10) }],
    [
      'its last characters, case folded',
      { pattern: token.slice(-8).toUpperCase(), caseSensitive: false },
    ],
    ['a regex running into it', { pattern: 'token: ghp_[A-Za-z0-9]{3}', literal: false }],
    ['a lookahead at it', { pattern: `token: (?=${token.slice(0, 6)})`, literal: false }],
  ] as const) {
    it(`finds nothing, and counts nothing, for ${what}`, async () => {
      const found = await agent.call('search_content', { path: 'search', ...args });
      assert.match(
        found.text,
        /^No matches found\n\(0 matching line\(s\) in 1 file searched\)$/,
        found.text,
      );
    });
  }

  it('finds the line by the words around the value, as the masked line', async () => {
    const found = await agent.call('search_content', { path: 'search', pattern: 'token:' });
    assert.match(
      found.text,
      /  2: token: \[secret hidden by Airlock: GitHub token #1 ~[a-z2-7]{6}\]/,
    );
    assert.ok(!found.text.includes(token));
  });

  it('gives context lines masked too', async () => {
    const found = await agent.call('search_content', {
      path: 'search',
      pattern: 'owner',
      contextLines: 1,
    });
    assert.match(found.text, /  2- token: \[secret hidden by Airlock/);
    assert.ok(!found.text.includes(token));
  });
});

describe('read_multiple_files', () => {
  it('masks each file and counts every hidden value once', async () => {
    const values = [`npm_${fake(36)}`, `AKIA${fake(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`];
    await put(agent.ws, 'many/one.sh', `export NPM_TOKEN=${values[0]}\n`);
    await put(agent.ws, 'many/two.json', `{ "id": "${values[1]}" }\n`);
    const read = await agent.call('read_multiple_files', {
      paths: ['many/one.sh', 'many/two.json'],
    });
    for (const value of values) assert.ok(!read.text.includes(value));
    assert.match(
      read.text,
      /Airlock hid 2 values that look like secrets \(1 npm token, 1 AWS access key ID\)/,
    );
    for (const value of values) assert.ok(!read.auditLine.includes(value));
    assert.match(
      read.auditLine,
      /"secretsHidden":\{"total":2,"byKind":\{"npm-token":1,"aws-access-key-id":1\}\}/,
    );
  });
});

describe('the audit record', () => {
  it('counts what a read hid and a write put back, never the value', async () => {
    const value = `sk-ant-api03-${fake(80, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_')}`;
    await put(agent.ws, 'audit.py', `ANTHROPIC = "${value}"\n`);
    const read = await agent.call('read_text_file', { path: 'audit.py' });
    assert.match(
      read.auditLine,
      /"detail":\{"secretsHidden":\{"total":1,"byKind":\{"anthropic-key":1\}\}\}/,
    );
    const write = await agent.call('write_file', {
      path: 'audit.py',
      content: `${fileTextOf(read)}X = 1\n`,
    });
    assert.match(write.auditLine, /"secretsRestored":1/);
    for (const answer of [read, write]) {
      assert.ok(!answer.auditLine.includes(value), answer.auditLine);
      assert.ok(!answer.auditLine.includes(value.slice(14, 40)));
    }
  });
});

describe('masking off for a folder, and exempt file names', () => {
  const value = `xoxb-${fake(12, '0123456789')}-${fake(12, '0123456789')}-${fake(24)}`;

  it('shows the values of a folder with masking off, and still puts back a placeholder read before', async () => {
    const open = await secretsAgent({ maskSecrets: false });
    try {
      const file = await put(open.ws, 'slack.sh', `export SLACK=${value}\n`);
      const read = await open.call('read_text_file', { path: 'slack.sh' });
      assert.equal(read.text, `export SLACK=${value}\n`);
      const before = maskFileText(`export SLACK=${value}\n`, { realPath: file }, { key: KEY });
      const write = await open.call('write_file', {
        path: 'slack.sh',
        content: `${before.text}echo ok\n`,
      });
      assert.equal(write.isError, false, write.text);
      assert.equal(await readFile(file, 'utf8'), `export SLACK=${value}\necho ok\n`);
      const found = await open.call('search_content', { path: '.', pattern: value.slice(0, 12) });
      assert.match(found.text, /1: export SLACK=/);
    } finally {
      await open.close();
    }
  });

  it('shows the values of an exempt file name, and masks the others', async () => {
    const exempt = await secretsAgent({ exempt: ['*.example'] });
    try {
      await put(exempt.ws, 'config.example', `SLACK=${value}\n`);
      await put(exempt.ws, 'config.sh', `SLACK=${value}\n`);
      assert.ok(
        (await exempt.call('read_text_file', { path: 'config.example' })).text.includes(value),
      );
      assert.ok(!(await exempt.call('read_text_file', { path: 'config.sh' })).text.includes(value));
      const found = await exempt.call('search_content', { path: '.', pattern: 'SLACK=xoxb' });
      assert.match(found.text, /config\.example\n  1: SLACK=xoxb/);
      assert.match(found.text, /\(1 matching line\(s\) in 2 files searched\)/);
    } finally {
      await exempt.close();
    }
  });
});

describe('undo_change', () => {
  it('answers without any of the file’s text', async () => {
    const value = `ghp_${fake(36)}`;
    const name = path.join('undo', 'u.yaml');
    await put(agent.ws, name, `token: ${value}\n`);
    const masked = fileTextOf(await agent.call('read_text_file', { path: name }));
    const write = await agent.call('write_file', { path: name, content: `${masked}x: 1\n` });
    const changeId = /Change id ([0-9a-f]+)/.exec(write.text)?.[1] ?? '';
    const undo = await agent.call('undo_change', { changeId });
    assert.equal(undo.isError, false, undo.text);
    assert.ok(!undo.text.includes(value));
    assert.equal(await readFile(path.join(agent.ws, name), 'utf8'), `token: ${value}\n`);
  });
});

describe('the approval preview', () => {
  it('shows the person the change with the file’s secrets masked', async () => {
    const value = `ghp_${fake(36)}`;
    const file = await put(agent.ws, 'preview.yaml', `token: ${value}\nport: 1\n`);
    const policy = await makePolicy(agent.ws);
    const target = await policy.resolveExisting(file);
    const { preview } = await buildChangePreview(
      {
        action: 'edit',
        target,
        content: Buffer.from(`token: ${value}\nport: 2\n`),
        mask: { key: KEY },
      },
      policy,
      DEFAULT_LIMITS,
      1024 * 1024,
    );
    assert.equal(preview.kind, 'diff');
    const shown = JSON.stringify(preview);
    assert.ok(!shown.includes(value), shown);
    assert.match(shown, /secret hidden by Airlock: GitHub token #1/);
    assert.match(shown, /\+port: 2/);
  });
});
