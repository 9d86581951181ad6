// The GitHub Actions workflows cannot run here. This suite reads them and checks their shape,
// and runs the release workflow's secret hand-over script with bash, for each kind of runner,
// to prove that a secret reaches electron-builder only when it is set and only on the system
// it is for.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const workflows = fileURLToPath(new URL('../../.github/workflows/', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  shell?: string;
}
interface Job {
  'runs-on'?: string;
  container?: string;
  needs?: string;
  uses?: string;
  strategy?: { matrix: { os: string[] } };
  env?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

function readWorkflow(name: string): Workflow {
  return parse(readFileSync(join(workflows, name), 'utf8')) as Workflow;
}

const release = readWorkflow('release.yml');
const ci = readWorkflow('ci.yml');
const installers = release.jobs.installers as Job;
const steps = installers.steps ?? [];
const handOver = steps.find((step) => step.name?.startsWith('Hand over the signing')) as Step;

/**
 * Runs the hand-over script as the runner would, with the given secrets (unset ones are empty
 * strings, as GitHub gives them), and returns what it added to the environment of later steps.
 */
async function handOverFor(
  runnerOs: 'macOS' | 'Windows' | 'Linux',
  secrets: Record<string, string>,
): Promise<{ env: Map<string, string>; stdout: string; runnerTemp: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'airlock-workflow-'));
  try {
    const githubEnv = join(dir, 'github-env');
    await writeFile(githubEnv, '');
    const stepEnv = Object.fromEntries(
      Object.keys(handOver.env ?? {}).map((name) => [name, secrets[name] ?? '']),
    );
    const result = spawnSync('bash', ['-c', handOver.run as string], {
      env: {
        PATH: process.env.PATH,
        RUNNER_OS: runnerOs,
        RUNNER_TEMP: dir,
        GITHUB_ENV: githubEnv,
        ...stepEnv,
      },
      encoding: 'utf8',
    });
    assert.equal(result.status, 0, result.stderr);
    // GITHUB_ENV's multi-line form: NAME<<DELIMITER, the value's lines, DELIMITER.
    const env = new Map<string, string>();
    const lines = (await readFile(githubEnv, 'utf8')).split('\n');
    for (let i = 0; i < lines.length; i++) {
      const match = /^([A-Z_]+)<<(.+)$/.exec(lines[i] as string);
      if (!match) continue;
      const end = lines.indexOf(match[2] as string, i + 1);
      assert.ok(end > i, `no closing delimiter for ${match[1]}`);
      env.set(match[1] as string, lines.slice(i + 1, end).join('\n'));
      i = end;
    }
    const apiKey = env.get('APPLE_API_KEY');
    if (apiKey) env.set('APPLE_API_KEY (contents)', await readFile(apiKey, 'utf8'));
    return { env, stdout: result.stdout, runnerTemp: dir };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ALL_SECRETS = {
  MAC_CSC_LINK: 'mac-certificate',
  MAC_CSC_KEY_PASSWORD: 'mac-password',
  WIN_CSC_LINK: 'win-certificate',
  WIN_CSC_KEY_PASSWORD: 'win-password',
  APPLE_ID: 'person@example.com',
  APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop',
  APPLE_TEAM_ID: 'TEAM123456',
};

describe('release workflow', () => {
  test('runs when a v* tag is pushed, and only then', () => {
    assert.deepEqual(release.on, { push: { tags: ['v*'] } });
  });

  test('builds on macOS, Windows and Ubuntu runners, after the tests pass', () => {
    assert.deepEqual(installers.strategy?.matrix.os, [
      'macos-latest',
      'windows-latest',
      'ubuntu-latest',
    ]);
    assert.equal(installers.needs, 'test');
    assert.equal(release.jobs.test?.uses, './.github/workflows/ci.yml');
  });

  test('installs with npm ci on Node 24, then builds with npm run dist and publishes nothing', () => {
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    assert.equal(setupNode?.with?.['node-version'], 24);
    const runs = steps.map((step) => step.run?.trim()).filter(Boolean);
    assert.ok(runs.includes('npm ci --no-audit --no-fund'));
    assert.ok(runs.includes('npm run dist -- --publish never'));
    assert.equal(release.permissions.contents, 'read');
  });

  test('uploads every installer kind as an artifact, and fails when there is none', () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'));
    const paths = String(upload?.with?.path).trim().split('\n');
    for (const kind of ['*.dmg', '*.zip', '*.exe', '*.AppImage', '*.deb']) {
      assert.ok(paths.includes(`release/${kind}`), kind);
    }
    assert.equal(upload?.with?.['if-no-files-found'], 'error');
  });

  test('secrets reach the build only through the hand-over step', () => {
    for (const step of steps) {
      if (step === handOver) continue;
      assert.doesNotMatch(JSON.stringify(step), /secrets\./, step.name ?? step.uses ?? step.run);
    }
    assert.doesNotMatch(JSON.stringify(installers.env), /secrets\./);
  });
});

describe('release workflow: the secret hand-over', () => {
  test('macOS without a certificate builds unsigned and turns identity discovery off', async () => {
    const { env } = await handOverFor('macOS', {});
    assert.deepEqual([...env], [['CSC_IDENTITY_AUTO_DISCOVERY', 'false']]);
  });

  test('macOS with a certificate and an Apple ID signs and notarizes, and gets no Windows secret', async () => {
    const { env } = await handOverFor('macOS', ALL_SECRETS);
    assert.deepEqual(Object.fromEntries(env), {
      CSC_LINK: 'mac-certificate',
      CSC_KEY_PASSWORD: 'mac-password',
      APPLE_ID: 'person@example.com',
      APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh-ijkl-mnop',
      APPLE_TEAM_ID: 'TEAM123456',
    });
  });

  test('macOS with an App Store Connect key writes the key to a file and names the file', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGT\nAgEA\n-----END PRIVATE KEY-----';
    const { env, runnerTemp } = await handOverFor('macOS', {
      MAC_CSC_LINK: 'mac-certificate',
      APPLE_API_KEY_TEXT: key,
      APPLE_API_KEY_ID: 'KEYID12345',
      APPLE_API_ISSUER: 'issuer-uuid',
    });
    assert.equal(env.get('APPLE_API_KEY'), join(runnerTemp, 'apple-api-key.p8'));
    assert.equal(env.get('APPLE_API_KEY (contents)'), `${key}\n`);
    assert.equal(env.get('APPLE_API_KEY_ID'), 'KEYID12345');
    assert.equal(env.get('APPLE_API_ISSUER'), 'issuer-uuid');
    assert.equal(env.has('APPLE_ID'), false);
  });

  test('macOS with an incomplete Apple ID signs but passes no notarization secret', async () => {
    const { env, stdout } = await handOverFor('macOS', {
      MAC_CSC_LINK: 'mac-certificate',
      APPLE_ID: 'person@example.com',
    });
    assert.deepEqual([...env.keys()], ['CSC_LINK']);
    assert.match(stdout, /signed but not notarized/);
  });

  test('Windows gets its own certificate, never the macOS one', async () => {
    const { env } = await handOverFor('Windows', ALL_SECRETS);
    assert.deepEqual(Object.fromEntries(env), {
      WIN_CSC_LINK: 'win-certificate',
      WIN_CSC_KEY_PASSWORD: 'win-password',
    });
  });

  test('Windows without a certificate passes nothing', async () => {
    const { env } = await handOverFor('Windows', { MAC_CSC_LINK: 'mac-certificate' });
    assert.equal(env.size, 0);
  });

  test('Linux passes nothing, whatever is set', async () => {
    const { env } = await handOverFor('Linux', ALL_SECRETS);
    assert.equal(env.size, 0);
  });

  test('a multi-line secret arrives whole', async () => {
    const { env } = await handOverFor('Windows', { WIN_CSC_LINK: 'line one\nline two' });
    assert.equal(env.get('WIN_CSC_LINK'), 'line one\nline two');
  });
});

describe('CI workflow', () => {
  test('runs bash .ci/run as root on Debian 12, for pushes, pull requests and the release', () => {
    assert.deepEqual(Object.keys(ci.on).sort(), ['pull_request', 'push', 'workflow_call']);
    const job = ci.jobs.test as Job;
    assert.equal(job.container, 'debian:bookworm');
    assert.ok(job.steps?.some((step) => step.run === 'bash .ci/run'));
  });

  test('branch pushes only, so a tag runs the tests once, inside the release', () => {
    assert.deepEqual(ci.on.push, { branches: ['**'] });
  });
});
