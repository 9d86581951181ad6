import type { Protocol } from 'electron';

/**
 * The window's UI is served from `app://airlock/`, not file://: a file:// page could read
 * any file the sandbox lets it reach, and every file:// page shares one origin. A standard,
 * secure custom scheme gives the UI an origin of its own that the CSP's 'self' names.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'airlock';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The window's page, and the prefix every trusted frame URL starts with. */
export const APP_URL = `${APP_ORIGIN}/`;

/** Must run before the app is ready: Chromium reads scheme privileges at start-up. */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  // Only what the page needs: a real origin (standard) in a secure context (secure), and
  // CORS-mode loads (corsEnabled), which is how Chromium fetches the window's ES module
  // scripts. The handler sends no Access-Control-Allow-Origin, so no other origin can read
  // these files. No bypassCSP, no fetch: the CSP allows no connections anyway.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, corsEnabled: true } },
  ]);
}
