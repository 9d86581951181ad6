// Airlock's icons, drawn from code: a calm teal tile with an arched door and a keyhole, and a
// plain door-and-keyhole glyph for the tray. Shapes are signed distance functions in a unit
// square (x right, y down); every pixel is supersampled and antialiased from the distance.
// Only + - * / sqrt min max abs are used, which IEEE 754 defines exactly, so the same code
// gives the same pixels on every machine. scripts/make-icons.mjs writes the files.
import { encodeIcns, encodeIco, encodePng, ICNS_PNG_TYPES, type RgbaImage } from './encode.ts';

type Rgb = readonly [number, number, number];

interface Layer {
  /** Fraction of the sample covered, 0..1; `aa` is the sample spacing in unit coordinates. */
  coverage(x: number, y: number, aa: number): number;
  color(x: number, y: number): Rgb;
}

const clamp01 = (value: number): number => (value < 0 ? 0 : value > 1 ? 1 : value);
const length = (x: number, y: number): number => Math.sqrt(x * x + y * y);

/** Coverage of a shape from its signed distance (negative inside), a one-sample-wide ramp. */
const fill = (distance: number, aa: number): number => clamp01(0.5 - distance / aa);

function roundedBox(
  x: number,
  y: number,
  cx: number,
  cy: number,
  hx: number,
  hy: number,
  r: number,
) {
  const qx = Math.abs(x - cx) - hx + r;
  const qy = Math.abs(y - cy) - hy + r;
  return length(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

function circle(x: number, y: number, cx: number, cy: number, r: number): number {
  return length(x - cx, y - cy) - r;
}

/** A door: a half-disc on top of a rectangle, centred on `cx`. */
interface DoorShape {
  readonly cx: number;
  readonly halfWidth: number;
  readonly archY: number; // centre of the arch's circle
  readonly bottom: number;
  readonly keyholeY: number; // centre of the keyhole's round part
  readonly keyholeR: number;
  readonly stemHalfWidth: number;
  readonly stemBottom: number;
}

function doorDistance(d: DoorShape, x: number, y: number): number {
  const arch = circle(x, y, d.cx, d.archY, d.halfWidth);
  const halfHeight = (d.bottom - d.archY) / 2;
  const body = roundedBox(x, y, d.cx, d.archY + halfHeight, d.halfWidth, halfHeight, 0);
  return Math.min(arch, body);
}

function keyholeDistance(d: DoorShape, x: number, y: number): number {
  const round = circle(x, y, d.cx, d.keyholeY, d.keyholeR);
  const stemHalfHeight = (d.stemBottom - d.keyholeY) / 2;
  const stem = roundedBox(
    x,
    y,
    d.cx,
    d.keyholeY + stemHalfHeight,
    d.stemHalfWidth,
    stemHalfHeight,
    d.stemHalfWidth * 0.5,
  );
  return Math.min(round, stem);
}

/** The door with its keyhole cut out. */
function doorWithKeyhole(d: DoorShape, x: number, y: number): number {
  return Math.max(doorDistance(d, x, y), -keyholeDistance(d, x, y));
}

const TEAL_TOP: Rgb = [70, 156, 160];
const TEAL_BOTTOM: Rgb = [30, 88, 104];
const PAPER: Rgb = [246, 243, 235];
const BLACK: Rgb = [0, 0, 0];

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const s = clamp01(t);
  return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
}

function smoothstep(edge0: number, edge1: number, value: number): number {
  const t = clamp01((value - edge0) / (edge1 - edge0));
  return t * t * (3 - 2 * t);
}

/** Renders layers, painted in order, into straight-alpha RGBA with `samples`² supersampling. */
function render(size: number, layers: readonly Layer[], samples: number): RgbaImage {
  const data = new Uint8Array(size * size * 4);
  const aa = 1 / (size * samples);
  const weight = 1 / (samples * samples);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = (px + (sx + 0.5) / samples) / size;
          const y = (py + (sy + 0.5) / samples) / size;
          // Premultiplied "over", layer by layer.
          let sr = 0;
          let sg = 0;
          let sb = 0;
          let sa = 0;
          for (const layer of layers) {
            const cover = layer.coverage(x, y, aa);
            if (cover <= 0) continue;
            const [lr, lg, lb] = layer.color(x, y);
            sr = lr * cover + sr * (1 - cover);
            sg = lg * cover + sg * (1 - cover);
            sb = lb * cover + sb * (1 - cover);
            sa = cover + sa * (1 - cover);
          }
          r += sr * weight;
          g += sg * weight;
          b += sb * weight;
          a += sa * weight;
        }
      }
      const i = (py * size + px) * 4;
      const alpha = Math.round(a * 255);
      data[i + 3] = alpha;
      if (alpha > 0) {
        data[i] = Math.min(255, Math.round(r / a));
        data[i + 1] = Math.min(255, Math.round(g / a));
        data[i + 2] = Math.min(255, Math.round(b / a));
      }
    }
  }
  return { width: size, height: size, data };
}

function samplesFor(size: number): number {
  return size <= 64 ? 4 : size <= 256 ? 3 : 2;
}

/**
 * The application icon. From 64 pixels up it follows the macOS grid (an 824/1024 tile with a
 * soft shadow), with a door frame and threshold around the door; smaller sizes, which Windows
 * and Linux show in lists and task bars, fill the square with a bigger, simpler door.
 */
export function renderAppIcon(size: number): RgbaImage {
  const small = size < 64;
  const half = small ? 0.47 : 0.40234375; // 824 / 2048
  const radius = small ? 0.2 : 0.18;
  const top = 0.5 - half;
  const tile: Layer = {
    coverage: (x, y, aa) => fill(roundedBox(x, y, 0.5, 0.5, half, half, radius), aa),
    color: (_x, y) => mix(TEAL_TOP, TEAL_BOTTOM, (y - top) / (2 * half)),
  };
  const shadow: Layer = {
    coverage: (x, y) => {
      const d = roundedBox(x, y, 0.5, 0.5 + 0.012, half, half, radius);
      return 0.3 * (1 - smoothstep(-0.01, 0.03, d));
    },
    color: () => BLACK,
  };
  const door: DoorShape = small
    ? {
        cx: 0.5,
        halfWidth: 0.23,
        archY: 0.42,
        bottom: 0.83,
        keyholeY: 0.5,
        keyholeR: 0.085,
        stemHalfWidth: 0.045,
        stemBottom: 0.68,
      }
    : {
        cx: 0.5,
        halfWidth: 0.15,
        archY: 0.415,
        bottom: 0.705,
        keyholeY: 0.5,
        keyholeR: 0.048,
        stemHalfWidth: 0.022,
        stemBottom: 0.6,
      };
  const paper = (shape: (x: number, y: number) => number): Layer => ({
    coverage: (x, y, aa) => fill(shape(x, y), aa),
    color: () => PAPER,
  });
  const layers: Layer[] = small ? [tile] : [shadow, tile];
  layers.push(paper((x, y) => doorWithKeyhole(door, x, y)));
  if (!small) {
    // The frame: a band around the door, open at the bottom, standing on a threshold.
    // Measured from a door that goes on down, so the sides stay straight to where they stop.
    const gap = 0.045;
    const stroke = 0.026;
    const tall: DoorShape = { ...door, bottom: 1 };
    layers.push(
      paper((x, y) =>
        Math.max(Math.abs(doorDistance(tall, x, y) - gap - stroke / 2) - stroke / 2, y - 0.74),
      ),
      paper((x, y) => roundedBox(x, y, 0.5, 0.752, 0.245, 0.017, 0.017)),
    );
  }
  return render(size, layers, samplesFor(size));
}

/**
 * The door glyph filling a tray-sized square, with the keyhole cut out. Its straight edges
 * fall on pixel boundaries at 16 and 32 pixels, so the small image stays sharp.
 */
const TRAY_DOOR: DoorShape = {
  cx: 0.5,
  halfWidth: 5 / 16,
  archY: 6 / 16,
  bottom: 15 / 16,
  keyholeY: 7.5 / 16,
  keyholeR: 1.75 / 16,
  stemHalfWidth: 1 / 16,
  stemBottom: 12 / 16,
};

/**
 * The macOS menu bar image: a template image, black and alpha only, which macOS tints for
 * light and dark menu bars. 16 points: 16 pixels, and 32 for the @2x file.
 */
export function renderTrayTemplate(size: number): RgbaImage {
  return render(
    size,
    [{ coverage: (x, y, aa) => fill(doorWithKeyhole(TRAY_DOOR, x, y), aa), color: () => BLACK }],
    4,
  );
}

/** The tray image for Windows and Linux, whose task bars may be light or dark: the small tile. */
export function renderTrayColor(size: number): RgbaImage {
  return renderAppIcon(size);
}

export const LINUX_ICON_SIZES = [16, 32, 48, 64, 128, 256, 512] as const;
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;
export const ICNS_TYPES = Object.keys(ICNS_PNG_TYPES);

export interface IconFile {
  /** Path relative to build/, with forward slashes. */
  readonly path: string;
  readonly bytes: Buffer;
}

/** Every icon file under build/, in the order they are written. */
export function iconFiles(): IconFile[] {
  const cache = new Map<number, RgbaImage>();
  const app = (size: number): RgbaImage => {
    let image = cache.get(size);
    if (!image) {
      image = renderAppIcon(size);
      cache.set(size, image);
    }
    return image;
  };
  const pngCache = new Map<number, Buffer>();
  const appPng = (size: number): Buffer => {
    let png = pngCache.get(size);
    if (!png) {
      png = encodePng(app(size));
      pngCache.set(size, png);
    }
    return png;
  };
  return [
    { path: 'icon.png', bytes: appPng(1024) },
    ...LINUX_ICON_SIZES.map((size) => ({ path: `icons/${size}x${size}.png`, bytes: appPng(size) })),
    { path: 'icon.ico', bytes: encodeIco(ICO_SIZES.map(app)) },
    {
      path: 'icon.icns',
      bytes: encodeIcns(
        ICNS_TYPES.map((type) => ({ type, png: appPng(ICNS_PNG_TYPES[type] as number) })),
      ),
    },
    { path: 'tray/trayTemplate.png', bytes: encodePng(renderTrayTemplate(16)) },
    { path: 'tray/trayTemplate@2x.png', bytes: encodePng(renderTrayTemplate(32)) },
    { path: 'tray/tray.png', bytes: encodePng(renderTrayColor(16)) },
    { path: 'tray/tray@2x.png', bytes: encodePng(renderTrayColor(32)) },
  ];
}
