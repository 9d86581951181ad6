// Image containers written from scratch, with node:zlib for deflate and nothing else:
// PNG (8-bit RGBA), ICO (Windows) and ICNS (macOS). Used by scripts/make-icons.mjs.
import { deflateSync } from 'node:zlib';

/** An image as straight (not premultiplied) 8-bit RGBA, rows top to bottom. */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array; // width * height * 4 bytes
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG (and zlib, and gzip) define it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'latin1');
  out.set(body, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/**
 * Filters each row with the PNG filter (None, Sub, Up, Average, Paeth) whose output has the
 * smallest sum of absolute values, the heuristic the PNG specification recommends.
 */
function filterRows(image: RgbaImage): Uint8Array {
  const stride = image.width * 4;
  const out = new Uint8Array((stride + 1) * image.height);
  const candidate = new Uint8Array(stride);
  const zeros = new Uint8Array(stride);
  for (let y = 0; y < image.height; y++) {
    const row = image.data.subarray(y * stride, (y + 1) * stride);
    const up = y === 0 ? zeros : image.data.subarray((y - 1) * stride, y * stride);
    let bestScore = Infinity;
    for (let type = 0; type <= 4; type++) {
      let score = 0;
      for (let i = 0; i < stride; i++) {
        const x = row[i] as number;
        const a = i >= 4 ? (row[i - 4] as number) : 0;
        const b = up[i] as number;
        const c = i >= 4 ? (up[i - 4] as number) : 0;
        const predictor =
          type === 0
            ? 0
            : type === 1
              ? a
              : type === 2
                ? b
                : type === 3
                  ? (a + b) >> 1
                  : paeth(a, b, c);
        const value = (x - predictor) & 0xff;
        candidate[i] = value;
        score += value < 128 ? value : 256 - value;
      }
      if (score < bestScore) {
        bestScore = score;
        out[y * (stride + 1)] = type;
        out.set(candidate, y * (stride + 1) + 1);
      }
    }
  }
  return out;
}

/** Encodes an RGBA image as a PNG: IHDR (8-bit, colour type 6), one IDAT, IEND. */
export function encodePng(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad image size ${width}x${height}`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(`expected ${width * height * 4} bytes of RGBA, got ${data.length}`);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: RGBA
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const idat = deflateSync(filterRows(image), { level: 9 });
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A 32-bit BMP entry for an ICO file: BITMAPINFOHEADER with the height doubled (colour
 * bitmap plus AND mask), BGRA rows bottom-up, then a 1-bit AND mask (all zero, because the
 * alpha channel carries the transparency).
 */
function icoBitmap(image: RgbaImage): Buffer {
  const { width, height, data } = image;
  const maskStride = Math.ceil(width / 32) * 4;
  const out = Buffer.alloc(40 + width * height * 4 + maskStride * height);
  out.writeUInt32LE(40, 0); // header size
  out.writeInt32LE(width, 4);
  out.writeInt32LE(height * 2, 8);
  out.writeUInt16LE(1, 12); // planes
  out.writeUInt16LE(32, 14); // bits per pixel
  out.writeUInt32LE(0, 16); // BI_RGB
  out.writeUInt32LE(width * height * 4 + maskStride * height, 20);
  let offset = 40;
  for (let y = height - 1; y >= 0; y--) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      out[offset++] = data[i + 2] as number;
      out[offset++] = data[i + 1] as number;
      out[offset++] = data[i] as number;
      out[offset++] = data[i + 3] as number;
    }
  }
  return out;
}

/**
 * An ICO file. Images of 256 pixels are stored as PNG, as Windows Vista introduced; smaller
 * ones as 32-bit bitmaps, which every reader of the format (the shell, NSIS, rcedit) accepts.
 */
export function encodeIco(images: readonly RgbaImage[]): Buffer {
  const entries = images.map((image) => {
    if (image.width !== image.height || image.width > 256) {
      throw new RangeError(`ICO images are square and at most 256 pixels, got ${image.width}`);
    }
    return { image, bytes: image.width >= 256 ? encodePng(image) : icoBitmap(image) };
  });
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(({ image, bytes }, index) => {
    const at = 6 + 16 * index;
    header[at] = image.width === 256 ? 0 : image.width; // 0 means 256
    header[at + 1] = image.height === 256 ? 0 : image.height;
    header[at + 2] = 0; // no palette
    header[at + 3] = 0; // reserved
    header.writeUInt16LE(1, at + 4); // colour planes
    header.writeUInt16LE(32, at + 6); // bits per pixel
    header.writeUInt32LE(bytes.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += bytes.length;
  });
  return Buffer.concat([header, ...entries.map((entry) => entry.bytes)]);
}

/**
 * The ICNS element types that hold a PNG, and the pixel size of each. `ic11`–`ic14` are the
 * Retina (@2x) variants of 16, 32, 128 and 256 points.
 */
export const ICNS_PNG_TYPES: Readonly<Record<string, number>> = {
  icp4: 16,
  icp5: 32,
  icp6: 64,
  ic07: 128,
  ic08: 256,
  ic09: 512,
  ic10: 1024,
  ic11: 32,
  ic12: 64,
  ic13: 256,
  ic14: 512,
};

/** An ICNS file: the `icns` header, then one element (type, length, PNG) per entry. */
export function encodeIcns(entries: ReadonlyArray<{ type: string; png: Uint8Array }>): Buffer {
  const elements = entries.map(({ type, png }) => {
    if (!(type in ICNS_PNG_TYPES)) throw new RangeError(`not a PNG icns type: ${type}`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([header, ...elements]);
}
