#!/usr/bin/env node
// Regenerates the icons in build/ from code, with no image tools: `npm run icons`.
// The drawing is in scripts/icons/artwork.ts, the PNG, ICO and ICNS writers in
// scripts/icons/encode.ts. The output is deterministic and checked in;
// test/packaging/icons.test.ts fails when the files in build/ no longer match the code.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { iconFiles } from './icons/artwork.ts';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));

for (const file of iconFiles()) {
  const target = join(buildDir, file.path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.bytes);
  console.log(`build/${file.path}  ${file.bytes.length} bytes`);
}
