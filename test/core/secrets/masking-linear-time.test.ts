import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskFileText } from '../../../main/core/secrets/mask-file-text.ts';
import { unmaskForWrite } from '../../../main/core/secrets/unmask-for-write.ts';
import {
  BASE64,
  CONFIG,
  DASHES,
  DIGITS,
  fake,
  PRIVATE,
  UPPER,
  WITH_ENTROPY,
} from './secret-fixtures.ts';

/*
 * A workspace's files are not chosen by Airlock, and a read must answer: masking, and writing
 * the masked view back, stay linear on 1 MB made to hurt, with every rule on. The bound is
 * for mask and write together (three scans) on a busy machine; a quadratic case would take
 * minutes. The slowest are the texts made of tens of thousands of secrets, each with its own
 * HMAC.
 */
describe('masking is linear-time on 1 MB inputs', () => {
  const MB = 1024 * 1024;
  const BOUND_MS = 3000;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const key = fake(40, BASE64);
  const inputs: [string, string][] = [
    ['one long line of letters', fill('a')],
    [
      'private key headers without an end, on one line',
      fill(`${DASHES}BEGIN RSA ${PRIVATE}${DASHES}`),
    ],
    [
      'private key headers, each on its line, before one end',
      `${fill(`${DASHES}BEGIN ${PRIVATE}${DASHES}\n`)}${DASHES}END ${PRIVATE}${DASHES}`,
    ],
    [
      'one private key header before a megabyte of key material',
      `${DASHES}BEGIN ${PRIVATE}${DASHES}\n${fill(`${fake(64, BASE64)}\n`)}`,
    ],
    ['spaced key material on one line', `${DASHES}BEGIN ${PRIVATE}${DASHES} ${fill(`${key} `)}`],
    ['escaped newlines', fill('\\n')],
    ['URL schemes before a distant @', `${fill('x://a:b ')}@`],
    ['URL schemes and colons', fill('x://a:')],
    ['assignments of long values', fill(`password=${fake(30)}\n`)],
    ['assignments on one line', fill(`k=${fake(20)} `)],
    ['operators and nothing else', fill('=:=>')],
    ['Bearer and Authorization', fill('Authorization: Bearer ')],
    ['dashes', fill('-')],
    ['access key ids back to back', fill(`AKIA${fake(16, UPPER + DIGITS)}`)],
    [
      'many real-looking tokens on one line',
      fill(`ghp_${fake(36)} AKIA${fake(16, UPPER + DIGITS)} `),
    ],
    ['many secrets, one per line', fill(`aws_secret_access_key = ${key}\n`)],
  ];

  for (const [shape, text] of inputs) {
    it(`masks and writes back ${shape} in under ${BOUND_MS} ms`, () => {
      const started = performance.now();
      const view = maskFileText(text, CONFIG, WITH_ENTROPY);
      const written = unmaskForWrite(view.text, text, CONFIG, WITH_ENTROPY);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < BOUND_MS, `${elapsed.toFixed(0)} ms`);
      assert.equal(written.text, text);
    });
  }
});
