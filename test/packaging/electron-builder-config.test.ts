// electron-builder.yml cannot be tried here: building an installer downloads Electron and
// electron-builder's tools, and no Electron binary starts on our machines. So this
// suite loads the file the way electron-builder does (its own getConfig) and validates it with
// electron-builder's own validator, which checks it against the JSON schema the builder ships
// (app-builder-lib/scheme.json). Then it checks what the schema cannot: the fuses that keep the
// shipped binary from running anything but the app, a per-user installer, the hardened runtime and every file the config
// names.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { decodePng, isPng, readIcns, readIco } from './image-formats.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const configFile = join(root, 'electron-builder.yml');

type DebugLogger = Parameters<typeof validateConfiguration>[1];
/** validateConfiguration only asks its logger whether debug output is on. */
const quietLogger = { isEnabled: false, add() {} } as unknown as DebugLogger;

/** Loads a project's electron-builder config as `electron-builder` does, then validates it. */
async function loadAndValidate(projectDir: string): Promise<Configuration> {
  const config = await getConfig(projectDir, null, null);
  await validateConfiguration(config, quietLogger);
  return config;
}

/** A throwaway project with this package.json and the given electron-builder.yml text. */
async function withProject<T>(yml: string, run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'airlock-builder-'));
  try {
    await writeFile(join(dir, 'package.json'), readFileSync(join(root, 'package.json')));
    await writeFile(join(dir, 'electron-builder.yml'), yml);
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const fromRoot = (path: string): string => join(root, path);

describe('electron-builder.yml', () => {
  const ymlText = readFileSync(configFile, 'utf8');
  let config: Configuration;

  before(async () => {
    config = await loadAndValidate(root);
  });

  test('passes electron-builder’s own schema validation', () => {
    assert.equal(config.appId, 'app.airlock.desktop');
    assert.equal(config.productName, 'Airlock');
  });

  test('a config with an unknown key fails the same validation', async () => {
    await withProject(`${ymlText}\nnotAnElectronBuilderOption: true\n`, async (dir) => {
      await assert.rejects(loadAndValidate(dir), /notAnElectronBuilderOption/);
    });
  });

  test('a fuse that electron-builder does not know fails validation', async () => {
    const misspelt = ymlText.replace('  runAsNode: false', '  runAsNodes: false');
    assert.notEqual(misspelt, ymlText);
    await withProject(misspelt, async (dir) => {
      await assert.rejects(loadAndValidate(dir), /configuration\.electronFuses/);
    });
  });

  test('a setting of the wrong type fails validation', async () => {
    const wrong = ymlText.replace(/^  perMachine: .*$/m, '  perMachine: [false]');
    assert.notEqual(wrong, ymlText);
    await withProject(wrong, async (dir) => {
      await assert.rejects(loadAndValidate(dir), /perMachine/);
    });
  });

  test('sets every fuse of the hardening checklist', () => {
    assert.deepEqual(config.electronFuses, {
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
      resetAdHocDarwinSignature: true,
    });
  });

  test('packs the app into an asar archive, which the asar fuses need', () => {
    assert.equal(config.asar, true);
    // electron-builder normalizes a list of patterns into one file set.
    assert.deepEqual(config.files, [{ filter: ['dist/**', 'package.json'] }]);
  });

  test('unpacks from the asar what other programs and worker threads must read as files', () => {
    // shell-paths.ts points at these outside app.asar; each must be unpacked there.
    assert.deepEqual(config.asarUnpack, [
      'dist/bridge/**',
      'dist/airlock.mcpb',
      'dist/cli/search-content-worker.js',
    ]);
  });

  test('builds a per-user NSIS installer that never asks for elevation', () => {
    const nsis = config.nsis;
    assert.ok(nsis);
    assert.equal(nsis.perMachine, false);
    assert.equal(nsis.allowElevation, false);
    assert.equal(nsis.oneClick, false);
    assert.deepEqual(config.win?.target, [{ target: 'nsis', arch: ['x64'] }]);
  });

  test('builds dmg and zip for Apple silicon and Intel, hardened and notarized from the environment', () => {
    const mac = config.mac;
    assert.ok(mac);
    assert.deepEqual(mac.target, [
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    assert.equal(mac.hardenedRuntime, true);
    assert.equal(mac.notarize, true);
  });

  test('the macOS entitlements file exists and allows JIT, which V8 needs', () => {
    for (const path of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      assert.equal(typeof path, 'string');
      const plist = readFileSync(fromRoot(path as string), 'utf8');
      assert.match(plist, /<!DOCTYPE plist/);
      assert.match(plist, /<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
      // Nothing that would undo the hardened runtime.
      assert.doesNotMatch(plist, /allow-dyld-environment-variables|disable-executable-page/);
    }
  });

  test('builds an AppImage and a deb for Linux', () => {
    assert.deepEqual(config.linux?.target, ['AppImage', 'deb']);
    assert.ok(config.linux?.maintainer);
  });

  test('the macOS icon is an ICNS file with a 1024-pixel image', () => {
    const icon = config.mac?.icon;
    assert.equal(typeof icon, 'string');
    const elements = readIcns(readFileSync(fromRoot(icon as string)));
    const ic10 = elements.find((element) => element.type === 'ic10');
    assert.ok(ic10, 'ic10 (512@2x) is present');
    assert.equal(decodePng(ic10.data).width, 1024);
  });

  test('the Windows icon is an ICO file with a 256-pixel image', () => {
    const icon = config.win?.icon;
    assert.equal(typeof icon, 'string');
    const entries = readIco(readFileSync(fromRoot(icon as string)));
    assert.ok(entries.some((entry) => entry.width === 256 && entry.height === 256));
  });

  test('the Linux icon folder holds PNGs named by size, up to 512 pixels', () => {
    const folder = config.linux?.icon;
    assert.equal(typeof folder, 'string');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      const file = fromRoot(join(folder as string, `${size}x${size}.png`));
      const png = decodePng(readFileSync(file));
      assert.equal(png.width, size, file);
      assert.equal(png.height, size, file);
    }
  });

  test('ships the tray images, macOS template images included, as extra resources', () => {
    assert.deepEqual(config.extraResources, [
      { from: 'build/tray', to: 'tray', filter: ['*.png'] },
    ]);
    for (const name of ['trayTemplate.png', 'trayTemplate@2x.png', 'tray.png', 'tray@2x.png']) {
      const file = fromRoot(join('build/tray', name));
      assert.ok(statSync(file).isFile(), file);
      assert.ok(isPng(readFileSync(file)), `${file} is a PNG`);
    }
  });

  test('names GitHub releases as the update feed, as drafts', () => {
    assert.deepEqual(config.publish, { provider: 'github', releaseType: 'draft' });
  });

  test('every path the config names exists', () => {
    const paths = [
      config.directories?.buildResources,
      config.mac?.entitlements,
      config.mac?.icon,
      config.win?.icon,
      config.linux?.icon,
    ];
    for (const path of paths) {
      assert.equal(typeof path, 'string');
      assert.ok(existsSync(fromRoot(path as string)), `${path} exists`);
    }
  });
});

describe('package.json scripts for packaging', () => {
  const scripts = (
    JSON.parse(readFileSync(fromRoot('package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;

  test('`npm run dist` builds the app before electron-builder packs it', () => {
    assert.equal(scripts.dist, 'npm run build && electron-builder');
  });

  test('`npm run icons` runs the icon generator', () => {
    assert.equal(scripts.icons, 'node scripts/make-icons.mjs');
    assert.ok(existsSync(fromRoot('scripts/make-icons.mjs')));
  });
});
