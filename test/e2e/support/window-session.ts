import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './chromium.ts';
import { HarnessProcess, ROOT, type HarnessOptions } from './harness-process.ts';

// The checked-in screenshots (README) are refreshed on request only, so an ordinary test run
// leaves the working tree clean: AIRLOCK_UPDATE_SCREENSHOTS=1 node --test test/e2e/.
// Otherwise each session writes them to a folder of its own, removed when it closes.
const CHECKED_IN_SCREENSHOTS = process.env.AIRLOCK_UPDATE_SCREENSHOTS
  ? path.join(ROOT, 'docs', 'screenshots')
  : undefined;

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[];
}

export interface WindowOptions extends HarnessOptions {
  readonly viewport?: { width: number; height: number };
}

/**
 * The Airlock window as a test sees it: the harness with the real core, the built renderer
 * in Debian's headless Chromium, and a record of every CSP violation and page error.
 */
export class WindowSession {
  readonly harness: HarnessProcess;
  readonly page: Page;
  readonly cspViolations: string[] = [];
  readonly pageErrors: string[] = [];
  readonly #browser: Browser;
  #scratchScreenshots: Promise<string> | undefined;

  private constructor(harness: HarnessProcess, browser: Browser, page: Page) {
    this.harness = harness;
    this.#browser = browser;
    this.page = page;
  }

  static async open(options: WindowOptions = {}): Promise<WindowSession> {
    const harness = await HarnessProcess.start(options);
    const browser = await launchChromium();
    const page = await browser.newPage({
      viewport: options.viewport ?? { width: 1000, height: 720 },
    });
    const session = new WindowSession(harness, browser, page);
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text()))
        session.cspViolations.push(message.text());
    });
    page.on('pageerror', (error) => session.pageErrors.push(error.message));
    // Evaluated by the browser itself, so the CSP does not apply to this listener.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(
          `Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`,
        );
      });
    });
    await page.goto(harness.url);
    return session;
  }

  /** Opens a section of the window by its navigation button. */
  async openSection(label: string): Promise<void> {
    const button = this.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', {
      name: label,
      exact: true,
    });
    await button.click();
    await this.page.getByRole('main', { name: label }).waitFor();
  }

  /** axe-core's serious and critical findings on the page as it is now, in words. */
  async seriousAccessibilityProblems(): Promise<string[]> {
    const { page } = this;
    if (!(await page.evaluate(() => 'axe' in window)))
      await page.addScriptTag({ url: '/__harness/axe.min.js' });
    const result = (await page.evaluate(
      () => (window as unknown as { axe: { run(): Promise<AxeResult> } }).axe.run() as never,
    )) as AxeResult;
    return result.violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.impact} ${violation.id}: ${violation.help} at ${JSON.stringify(
            violation.nodes.map((node) => node.target),
          )}`,
      );
  }

  /** Runs axe in light and in dark: both must be free of serious and critical problems. */
  async assertAccessibleInBothThemes(): Promise<void> {
    for (const colorScheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme });
      assert.deepEqual(await this.seriousAccessibilityProblems(), [], `in ${colorScheme}`);
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
  }

  /**
   * Saves `<name>-light.png` and `<name>-dark.png` (to docs/screenshots on request): the
   * whole page, or only `of`, a part of it.
   */
  async screenshots(name: string, of?: Locator): Promise<void> {
    const folder = await this.#screenshotFolder();
    for (const colorScheme of ['light', 'dark'] as const) {
      await this.page.emulateMedia({ colorScheme });
      const file = path.join(folder, `${name}-${colorScheme}.png`);
      const image = of
        ? await of.screenshot({ path: file })
        : await this.page.screenshot({ path: file, fullPage: true });
      // A PNG, and not a blank page: a real screenshot of the window is tens of kilobytes.
      assert.equal(image.subarray(1, 4).toString('latin1'), 'PNG');
      assert.ok(image.length > 10_000, `${path.basename(file)} is only ${image.length} bytes`);
    }
    await this.page.emulateMedia({ colorScheme: 'light' });
  }

  /** The whole run had no CSP violation and no uncaught page error. */
  assertNoPageProblems(): void {
    assert.deepEqual(this.cspViolations, []);
    assert.deepEqual(this.pageErrors, []);
  }

  async #screenshotFolder(): Promise<string> {
    if (CHECKED_IN_SCREENSHOTS) {
      await mkdir(CHECKED_IN_SCREENSHOTS, { recursive: true });
      return CHECKED_IN_SCREENSHOTS;
    }
    this.#scratchScreenshots ??= mkdtemp(path.join(tmpdir(), 'airlock-screenshots-'));
    return this.#scratchScreenshots;
  }

  async close(): Promise<void> {
    await this.#browser.close();
    await this.harness.stop();
    if (this.#scratchScreenshots)
      await rm(await this.#scratchScreenshots, { recursive: true, force: true });
  }
}
