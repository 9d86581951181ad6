import type { WebContents } from 'electron';
import { isSafeExternalUrl } from './external-links.ts';

export type OpenExternal = (url: string) => Promise<void>;

/**
 * Keeps every web contents on the page it was given: navigation, redirects and new
 * windows are denied, and webviews cannot be attached. An https link the person clicks
 * opens in their own browser instead, after the scheme check.
 */
export function guardWebContents(
  contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>,
  openExternal: OpenExternal,
): void {
  const openOutside = (url: string) => {
    if (isSafeExternalUrl(url)) void openExternal(url).catch(() => undefined);
  };
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
