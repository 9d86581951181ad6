/**
 * Whether a link may be handed to the system browser: https only (no file:, no custom
 * schemes that launch other apps, no javascript:), and no credentials in the URL.
 */
export function isSafeExternalUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
