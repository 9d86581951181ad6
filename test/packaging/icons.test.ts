// The icon generator (scripts/make-icons.mjs): its PNG, ICO and ICNS writers, checked with
// readers written apart from them (image-formats.ts), and the files checked in under build/,
// which must be exactly what the generator draws today.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
  ICO_SIZES,
  iconFiles,
  LINUX_ICON_SIZES,
  renderAppIcon,
  renderTrayTemplate,
} from '../../scripts/icons/artwork.ts';
import {
  crc32,
  encodeIcns,
  encodeIco,
  encodePng,
  ICNS_PNG_TYPES,
  type RgbaImage,
} from '../../scripts/icons/encode.ts';
import { decodePng, readIcns, readIco } from './image-formats.ts';

const buildDir = fileURLToPath(new URL('../../build/', import.meta.url));
const readBuild = (path: string): Buffer => readFileSync(join(buildDir, path));

/** A small deterministic generator, so failures reproduce. */
function randomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function image(width: number, height: number, data: Uint8Array): RgbaImage {
  return { width, height, data };
}

/** Indexes of the pixels whose colour is not black: a template image must have none. */
function colouredPixels(rgba: Uint8Array): number[] {
  const found: number[] = [];
  for (let i = 0; i < rgba.length; i += 4) {
    if (rgba[i] || rgba[i + 1] || rgba[i + 2]) found.push(i / 4);
  }
  return found;
}

/** The pixel at (x, y) of a straight RGBA buffer. */
function pixel(rgba: Uint8Array, width: number, x: number, y: number): number[] {
  const i = (y * width + x) * 4;
  return Array.from(rgba.subarray(i, i + 4));
}

describe('CRC-32', () => {
  test('gives the standard check value for "123456789"', () => {
    assert.equal(crc32(Buffer.from('123456789')), 0xcbf43926);
  });

  test('agrees with zlib on arbitrary bytes', () => {
    for (const length of [0, 1, 3, 1000]) {
      const bytes = randomBytes(length, length + 7);
      assert.equal(crc32(bytes), zlibCrc32(bytes), `length ${length}`);
    }
  });
});

describe('PNG writer', () => {
  test('round-trips random pixels: an independent decoder gets every byte back', () => {
    for (const [width, height] of [
      [1, 1],
      [7, 3],
      [33, 17],
    ] as const) {
      const data = randomBytes(width * height * 4, width * 31 + height);
      const decoded = decodePng(encodePng(image(width, height, data)));
      assert.equal(decoded.width, width);
      assert.equal(decoded.height, height);
      assert.deepEqual(decoded.rgba, data);
    }
  });

  test('round-trips smooth images, where the row filters other than None are chosen', () => {
    const width = 40;
    const height = 30;
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        data.set([x * 6, y * 8, (x + y) * 3, 255 - x], (y * width + x) * 4);
      }
    }
    assert.deepEqual(decodePng(encodePng(image(width, height, data))).rgba, data);
  });

  test('writes an 8-bit RGBA IHDR, then IDAT, then IEND', () => {
    const decoded = decodePng(encodePng(image(2, 5, new Uint8Array(40))));
    assert.deepEqual(decoded.chunkTypes, ['IHDR', 'IDAT', 'IEND']);
    assert.equal(decoded.bitDepth, 8);
    assert.equal(decoded.colorType, 6);
    assert.equal(decoded.width, 2);
    assert.equal(decoded.height, 5);
  });

  test('refuses a pixel buffer of the wrong length', () => {
    assert.throws(() => encodePng(image(2, 2, new Uint8Array(15))), RangeError);
    assert.throws(() => encodePng(image(0, 2, new Uint8Array(0))), RangeError);
  });
});

describe('ICO and ICNS writers', () => {
  test('an ICO holds each image at its size: bitmaps below 256 pixels, a PNG at 256', () => {
    const images = [16, 32, 256].map((size) =>
      image(size, size, randomBytes(size * size * 4, size)),
    );
    const entries = readIco(encodeIco(images));
    assert.deepEqual(
      entries.map((entry) => [entry.width, entry.format]),
      [
        [16, 'bmp'],
        [32, 'bmp'],
        [256, 'png'],
      ],
    );
    entries.forEach((entry, index) => assert.deepEqual(entry.rgba, images[index]?.data));
  });

  test('an ICO refuses images that are not square or larger than 256', () => {
    assert.throws(() => encodeIco([image(16, 8, new Uint8Array(16 * 8 * 4))]), RangeError);
    assert.throws(() => encodeIco([image(512, 512, new Uint8Array(512 * 512 * 4))]), RangeError);
  });

  test('an ICNS holds its elements in order, with lengths that add up', () => {
    const png16 = encodePng(image(16, 16, randomBytes(16 * 16 * 4, 1)));
    const png32 = encodePng(image(32, 32, randomBytes(32 * 32 * 4, 2)));
    const elements = readIcns(
      encodeIcns([
        { type: 'icp4', png: png16 },
        { type: 'ic11', png: png32 },
      ]),
    );
    assert.deepEqual(
      elements.map((element) => element.type),
      ['icp4', 'ic11'],
    );
    assert.deepEqual(elements[0]?.data, png16);
    assert.deepEqual(elements[1]?.data, png32);
  });

  test('an ICNS refuses an element type that does not hold a PNG', () => {
    assert.throws(() => encodeIcns([{ type: 'is32', png: new Uint8Array(8) }]), RangeError);
  });
});

describe('icons in build/', () => {
  const generated = iconFiles();

  test('are exactly what `npm run icons` draws today, pixel for pixel', () => {
    for (const file of generated) {
      const onDisk = readBuild(file.path);
      if (file.path.endsWith('.png')) {
        const want = decodePng(file.bytes);
        const have = decodePng(onDisk);
        assert.equal(have.width, want.width, file.path);
        assert.ok(Buffer.from(have.rgba).equals(Buffer.from(want.rgba)), `${file.path} is stale`);
      } else if (file.path.endsWith('.ico')) {
        const want = readIco(file.bytes);
        const have = readIco(onDisk);
        assert.deepEqual(
          have.map((entry) => [entry.width, entry.format]),
          want.map((entry) => [entry.width, entry.format]),
        );
        have.forEach((entry, index) =>
          assert.ok(
            Buffer.from(entry.rgba).equals(Buffer.from(want[index]?.rgba ?? [])),
            `${file.path}, ${entry.width} pixels, is stale`,
          ),
        );
      } else {
        const want = readIcns(file.bytes);
        const have = readIcns(onDisk);
        assert.deepEqual(
          have.map((element) => element.type),
          want.map((element) => element.type),
        );
        have.forEach((element, index) =>
          assert.ok(
            Buffer.from(decodePng(element.data).rgba).equals(
              Buffer.from(decodePng(want[index]?.data ?? Buffer.alloc(0)).rgba),
            ),
            `${file.path}, ${element.type}, is stale`,
          ),
        );
      }
    }
  });

  test('icon.png is 1024 pixels, and icons/ has every Linux size, named WxH.png', () => {
    assert.equal(decodePng(readBuild('icon.png')).width, 1024);
    for (const size of LINUX_ICON_SIZES) {
      const png = decodePng(readBuild(`icons/${size}x${size}.png`));
      assert.deepEqual([png.width, png.height], [size, size]);
    }
  });

  test('icon.ico holds 16 to 256 pixels, with the 256-pixel image as PNG', () => {
    const entries = readIco(readBuild('icon.ico'));
    assert.deepEqual(
      entries.map((entry) => entry.width),
      [...ICO_SIZES],
    );
    for (const entry of entries) {
      assert.equal(entry.height, entry.width);
      assert.equal(entry.format, entry.width === 256 ? 'png' : 'bmp');
    }
  });

  test('icon.icns holds icp4–icp6 and ic07–ic14, each a PNG of the size its type requires', () => {
    const elements = readIcns(readBuild('icon.icns'));
    assert.deepEqual(elements.map((element) => element.type).sort(), [
      'ic07',
      'ic08',
      'ic09',
      'ic10',
      'ic11',
      'ic12',
      'ic13',
      'ic14',
      'icp4',
      'icp5',
      'icp6',
    ]);
    for (const element of elements) {
      const png = decodePng(element.data);
      assert.equal(png.width, ICNS_PNG_TYPES[element.type], element.type);
      assert.equal(png.height, png.width);
    }
  });

  test('the macOS tray template images are black and alpha only, at 16 and 32 pixels', () => {
    for (const [name, size] of [
      ['tray/trayTemplate.png', 16],
      ['tray/trayTemplate@2x.png', 32],
    ] as const) {
      const png = decodePng(readBuild(name));
      assert.deepEqual([png.width, png.height], [size, size], name);
      assert.deepEqual(colouredPixels(png.rgba), [], name);
      let opaque = 0;
      for (let i = 3; i < png.rgba.length; i += 4) if (png.rgba[i] === 255) opaque++;
      // A glyph, not an empty or a filled square.
      assert.ok(opaque > size * size * 0.3 && opaque < size * size * 0.8, `${name}: ${opaque}`);
      assert.equal(png.rgba[3], 0, `${name}: the corner is transparent`);
    }
  });

  test('the template check finds a single coloured pixel', () => {
    const tinted = renderTrayTemplate(16);
    tinted.data[4 * (8 * 16 + 8)] = 1; // a trace of red in the middle
    assert.deepEqual(colouredPixels(decodePng(encodePng(tinted)).rgba), [8 * 16 + 8]);
  });

  test('the tray images for Windows and Linux are 16 pixels with a 32-pixel @2x', () => {
    assert.equal(decodePng(readBuild('tray/tray.png')).width, 16);
    assert.equal(decodePng(readBuild('tray/tray@2x.png')).width, 32);
  });

  test('the app icon is a tile: transparent corners, opaque centre, pale door in the middle', () => {
    for (const size of [16, 128]) {
      const { data } = renderAppIcon(size);
      assert.equal(pixel(data, size, 0, 0)[3], 0, `${size}: corner`);
      const centre = pixel(data, size, size / 2, Math.round(size * 0.4));
      assert.equal(centre[3], 255, `${size}: centre is opaque`);
      assert.ok((centre[0] as number) > 200, `${size}: the door is pale, got ${centre}`);
    }
  });
});
