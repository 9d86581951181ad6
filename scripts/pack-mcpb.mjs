// Packs the bridge into an MCPB extension, dist/airlock.mcpb, which Claude Desktop installs
// with a double click (https://github.com/modelcontextprotocol/mcpb). An .mcpb file is a
// zip; this writes one with node:zlib alone, so the build needs no packing tool.
//
//   node scripts/pack-mcpb.mjs        (npm run build calls it after bundling the bridge)
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Writes `out`: manifest.json (the template with package.json's version), the bridge as
 * server/airlock-bridge.js, a package.json marking it CommonJS, and the icon if there is one.
 */
export async function packMcpb({ bridge, out }) {
  const pkg = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const template = JSON.parse(
    await readFile(path.join(ROOT, 'mcpb', 'manifest.template.json'), 'utf8'),
  );
  const iconFile = path.join(ROOT, 'mcpb', 'icon.png');
  const hasIcon = existsSync(iconFile);
  const manifest = { ...template, version: pkg.version, ...(hasIcon ? { icon: 'icon.png' } : {}) };
  const files = [
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    // The entry point is executable, for hosts that run it directly rather than through node.
    {
      name: 'server/airlock-bridge.js',
      data: await readFile(path.resolve(ROOT, bridge)),
      mode: 0o755,
    },
    {
      name: 'package.json',
      data: Buffer.from(`${JSON.stringify(bundlePackageJson(pkg), null, 2)}\n`),
    },
    ...(hasIcon ? [{ name: 'icon.png', data: await readFile(iconFile) }] : []),
  ];
  const target = path.resolve(ROOT, out);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, zip(files));
  return target;
}

/** Stops Node's search for a package.json at the extension's root, and says CommonJS. */
function bundlePackageJson(pkg) {
  return { name: 'airlock-bridge', version: pkg.version, private: true, type: 'commonjs' };
}

// --- A minimal zip writer: deflated entries, UTF-8 names, Unix modes, fixed timestamps. ----

/** 1980-01-01 00:00, the earliest DOS date: the same input always packs to the same bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
/** General-purpose flag bit 11: the name is UTF-8. */
const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
/** Version 2.0 (deflate) needed to extract; made by Unix (3), so the mode bits are read. */
const VERSION_NEEDED = 20;
const VERSION_MADE_BY = (3 << 8) | 20;

export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data, { level: 9 });
    const crc = crc32(file.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    central.writeUInt16LE(UTF8_NAMES, 8);
    central.writeUInt16LE(DEFLATE, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number and internal attributes stay 0.
    // External attributes: a regular file (0o100000) with its Unix mode, in the high 16 bits.
    central.writeUInt32LE(((0o100000 | (file.mode ?? 0o644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = await packMcpb({
    bridge: 'dist/bridge/airlock-bridge.js',
    out: 'dist/airlock.mcpb',
  });
  process.stderr.write(`pack-mcpb: wrote ${path.relative(ROOT, written)}\n`);
}
