// Readers for PNG, ICO and ICNS, written apart from the writers in scripts/icons/encode.ts so
// that the tests check the files against the formats, not against the writer's own idea of
// them. CRCs are checked with node:zlib's crc32, not the writer's.
import { crc32, inflateSync } from 'node:zlib';

export interface DecodedPng {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colorType: number;
  readonly chunkTypes: readonly string[];
  /** Straight RGBA, 4 bytes a pixel, rows top to bottom. */
  readonly rgba: Uint8Array;
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function isPng(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 8)).equals(PNG_SIGNATURE);
}

/** Decodes a non-interlaced 8-bit RGBA PNG; throws on anything else or on a bad CRC. */
export function decodePng(input: Uint8Array): DecodedPng {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (!isPng(bytes)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = bytes.readUInt32BE(offset + 8 + length);
    if (crc32(bytes.subarray(offset + 4, offset + 8 + length)) !== crc) {
      throw new Error(`bad CRC in ${type} chunk`);
    }
    chunkTypes.push(type);
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  if (offset !== bytes.length) throw new Error('bytes after IEND');
  if (!header || chunkTypes[0] !== 'IHDR') throw new Error('IHDR is not the first chunk');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const bitDepth = header[8] as number;
  const colorType = header[9] as number;
  if (bitDepth !== 8 || colorType !== 6 || header[12] !== 0) {
    throw new Error(`unsupported PNG: depth ${bitDepth}, colour type ${colorType}, interlaced`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (raw.length !== (stride + 1) * height) {
    throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  }
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const a = i >= 4 ? (rgba[y * stride + i - 4] as number) : 0;
      const b = y > 0 ? (rgba[(y - 1) * stride + i] as number) : 0;
      const c = i >= 4 && y > 0 ? (rgba[(y - 1) * stride + i - 4] as number) : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = Math.floor((a + b) / 2);
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new Error(`unknown filter type ${filter} on row ${y}`);
      }
      rgba[y * stride + i] = ((line[i] as number) + predictor) & 0xff;
    }
  }
  return { width, height, bitDepth, colorType, chunkTypes, rgba };
}

export interface IcoEntry {
  readonly width: number;
  readonly height: number;
  readonly format: 'png' | 'bmp';
  readonly rgba: Uint8Array;
}

/** Reads an ICO file: the directory, then each image as PNG or 32-bit bitmap. */
export function readIco(input: Uint8Array): IcoEntry[] {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.readUInt16LE(0) !== 0 || bytes.readUInt16LE(2) !== 1) {
    throw new Error('not an ICO: bad header');
  }
  const count = bytes.readUInt16LE(4);
  const entries: IcoEntry[] = [];
  for (let index = 0; index < count; index++) {
    const at = 6 + 16 * index;
    const width = bytes[at] || 256;
    const height = bytes[at + 1] || 256;
    const size = bytes.readUInt32LE(at + 8);
    const offset = bytes.readUInt32LE(at + 12);
    if (offset + size > bytes.length) throw new Error(`ICO entry ${index} runs past the end`);
    const image = bytes.subarray(offset, offset + size);
    if (isPng(image)) {
      const png = decodePng(image);
      if (png.width !== width || png.height !== height) {
        throw new Error(`ICO entry ${index}: directory says ${width}, PNG says ${png.width}`);
      }
      entries.push({ width, height, format: 'png', rgba: png.rgba });
      continue;
    }
    if (image.readUInt32LE(0) !== 40) throw new Error(`ICO entry ${index}: no BITMAPINFOHEADER`);
    if (image.readInt32LE(4) !== width || image.readInt32LE(8) !== height * 2) {
      throw new Error(`ICO entry ${index}: bitmap size does not match the directory`);
    }
    if (image.readUInt16LE(14) !== 32) throw new Error(`ICO entry ${index}: not 32 bits a pixel`);
    const maskStride = Math.ceil(width / 32) * 4;
    if (image.length !== 40 + width * height * 4 + maskStride * height) {
      throw new Error(`ICO entry ${index}: bitmap has the wrong length`);
    }
    const rgba = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      const source = 40 + (height - 1 - y) * width * 4; // rows are stored bottom-up
      for (let x = 0; x < width; x++) {
        const s = source + x * 4;
        const d = (y * width + x) * 4;
        rgba[d] = image[s + 2] as number;
        rgba[d + 1] = image[s + 1] as number;
        rgba[d + 2] = image[s] as number;
        rgba[d + 3] = image[s + 3] as number;
      }
    }
    entries.push({ width, height, format: 'bmp', rgba });
  }
  return entries;
}

export interface IcnsEntry {
  readonly type: string;
  readonly data: Buffer;
}

/** Reads the elements of an ICNS file, checking that the lengths add up. */
export function readIcns(input: Uint8Array): IcnsEntry[] {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS: bad magic');
  if (bytes.readUInt32BE(4) !== bytes.length) throw new Error('ICNS length does not match');
  const entries: IcnsEntry[] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const type = bytes.toString('latin1', offset, offset + 4);
    const length = bytes.readUInt32BE(offset + 4);
    if (length < 8 || offset + length > bytes.length) throw new Error(`bad ICNS element ${type}`);
    entries.push({ type, data: bytes.subarray(offset + 8, offset + length) });
    offset += length;
  }
  return entries;
}
