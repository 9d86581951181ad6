// The UI is served from app://airlock/ out of dist/renderer only: every response carries
// the CSP, and no spelling of a path reaches a file outside the folder.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../main/shell/content-security-policy.ts';
import { createRendererHandler } from '../../main/shell/renderer-protocol.ts';

let root: string;
let rendererDir: string;
let serve: (request: Request) => Promise<Response>;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'airlock-renderer-'));
  rendererDir = path.join(root, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Airlock</title>');
  await writeFile(path.join(rendererDir, 'status-window.js'), 'void 0;');
  await writeFile(path.join(rendererDir, 'assets', 'logo.svg'), '<svg/>');
  await writeFile(path.join(rendererDir, 'notes.txt'), 'not part of the UI');
  await writeFile(path.join(root, 'secret.json'), '{"secret": true}');
  serve = createRendererHandler(rendererDir);
});
after(async () => rm(root, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('the app scheme', () => {
  it('has the strict CSP, word for word, so that any loosening is a deliberate change', () => {
    assert.equal(
      CONTENT_SECURITY_POLICY,
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'none'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
  });

  it('serves index.html for the root, with the CSP and nosniff', async () => {
    const response = await get('app://airlock/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    assert.match(await response.text(), /<title>Airlock<\/title>/);
  });

  it('serves scripts and images with their types', async () => {
    assert.equal(
      (await get('app://airlock/status-window.js')).headers.get('content-type'),
      'text/javascript; charset=utf-8',
    );
    assert.equal(
      (await get('app://airlock/assets/logo.svg')).headers.get('content-type'),
      'image/svg+xml',
    );
  });

  it('puts the CSP on every answer, refusals included', async () => {
    for (const url of [
      'app://airlock/missing.js',
      'app://airlock/notes.txt',
      'app://other/index.html',
      'app://airlock/%2e%2e/secret.json',
    ]) {
      const response = await get(url);
      assert.notEqual(response.status, 200, url);
      assert.equal(response.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, url);
    }
    const posted = await get('app://airlock/', 'POST');
    assert.equal(posted.status, 405);
    assert.equal(posted.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  });

  for (const url of [
    'app://airlock/../secret.json',
    'app://airlock/%2e%2e/secret.json',
    'app://airlock/..%2fsecret.json',
    'app://airlock/assets%2f..%2f..%2fsecret.json',
    'app://airlock/..%5csecret.json',
    'app://airlock/assets/%2e%2e/%2e%2e/secret.json',
    'app://airlock//secret.json',
    'app://airlock/index.html%00.js',
    'app://airlock/%E0%A4%A',
  ]) {
    it(`never reaches outside dist/renderer: ${url}`, async () => {
      const response = await get(url);
      const body = await response.text();
      assert.notEqual(response.status, 200);
      assert.doesNotMatch(body, /secret/);
    });
  }

  it('serves only the app’s own host', async () => {
    assert.equal((await get('app://evil/index.html')).status, 404);
  });

  it('answers HEAD with headers and no body', async () => {
    const response = await get('app://airlock/index.html', 'HEAD');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), '');
  });

  it('matches the CSP the page itself declares (bar frame-ancestors, which needs a header)', async () => {
    const page = await readFile(
      fileURLToPath(new URL('../../renderer/index.html', import.meta.url)),
      'utf8',
    );
    const declared = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)?.[1];
    assert.equal(declared, CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
    assert.doesNotMatch(
      page,
      /<script>|<script [^>]*>[^<]|\son\w+=|style=/,
      'no inline script or style',
    );
  });
});
