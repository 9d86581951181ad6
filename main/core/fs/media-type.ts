/** The MIME type of a media file, decided by its first bytes and confirmed by its extension. */
export function detectMediaType(header: Uint8Array, fileName: string): string | undefined {
  const extension = fileName.toLowerCase().split('.').pop() ?? '';
  const sniffed = sniff(header);
  if (sniffed) return sniffed;
  // Two or three magic bytes also begin ordinary text ("BMW", "ID3 tags"), so these
  // formats count only when the extension agrees.
  const weak = sniffWeak(header);
  if (weak && WEAK_EXTENSIONS[weak]?.includes(extension)) return weak;
  if (weak) return undefined;
  return BY_EXTENSION[extension];
}

const WEAK_EXTENSIONS: Record<string, readonly string[]> = {
  'image/bmp': ['bmp', 'dib'],
  'audio/mpeg': ['mp3'],
};

function sniffWeak(header: Uint8Array): string | undefined {
  if (startsWith(header, ascii('BM'))) return 'image/bmp';
  if (startsWith(header, ascii('ID3')) || startsWith(header, [0xff, 0xfb])) return 'audio/mpeg';
  return undefined;
}

const BY_EXTENSION: Record<string, string> = {
  svg: 'image/svg+xml',
  ico: 'image/x-icon',
  avif: 'image/avif',
  heic: 'image/heic',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  opus: 'audio/opus',
};

function startsWith(header: Uint8Array, bytes: readonly number[], at = 0): boolean {
  return bytes.every((byte, index) => header[at + index] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function sniff(header: Uint8Array): string | undefined {
  if (startsWith(header, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(header, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(header, ascii('GIF87a')) || startsWith(header, ascii('GIF89a')))
    return 'image/gif';
  if (startsWith(header, ascii('RIFF')) && startsWith(header, ascii('WEBP'), 8))
    return 'image/webp';
  if (startsWith(header, ascii('RIFF')) && startsWith(header, ascii('WAVE'), 8)) return 'audio/wav';
  if (startsWith(header, ascii('OggS'))) return 'audio/ogg';
  if (startsWith(header, ascii('fLaC'))) return 'audio/flac';
  if (startsWith(header, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}
