/**
 * `grantdesk demo` started from a clean folder, and its Slack sandbox open in a page of the system Chromium: what the
 * browser tests of the demo tour start from.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DemoProcess } from './demo-process.ts';
import { CHROMIUM, launchSystemChromium } from './sandbox-page.ts';
import { freePort } from './test-services.ts';

/** Where the system Chromium is missing, the browser tests are skipped, and their title says why. */
export const HAS_CHROMIUM = existsSync(CHROMIUM);

export function browserSuiteTitle(title: string): string {
  return HAS_CHROMIUM ? title : `${title} — SKIPPED: ${CHROMIUM} is not installed (apt-get install chromium)`;
}

/**
 * How long a wait on the page may take before the step fails: a ceiling that turns a hang into an error with the
 * locator it waited for, not a guess at the machine's speed (the jobs behind a step take seconds alone, far longer
 * when the machine is loaded).
 */
export const STEP_CEILING_MS = 90_000;

export class DemoInBrowser {
  private constructor(
    /** The demo's folder (its .grantdesk/demo holds Postgres). */
    readonly directory: string,
    readonly demo: DemoProcess,
    /** The one URL the demo printed. */
    readonly url: string,
    readonly browser: Browser,
    /** A 1440 × 900 page, not yet on the sandbox: each test chooses whom it opens it as. */
    readonly page: Page,
    /** Every error thrown in any page of the browser (pages the sandbox opens included): a tour raises none. */
    readonly pageErrors: string[],
  ) {}

  /**
   * Starts the demo in a new folder named `folderPrefix…`, with `env` added to its environment, and opens a page;
   * leaves nothing running if any of it fails.
   */
  static async start(folderPrefix: string, env: Record<string, string> = {}): Promise<DemoInBrowser> {
    const directory = await mkdtemp(join(tmpdir(), folderPrefix));
    const demo = new DemoProcess(directory);
    let browser: Browser | undefined;
    try {
      // Run as root, Postgres is the `postgres` user, who must be able to enter the folder (mkdtemp makes it 0700).
      await chmod(directory, 0o755);
      const url = await demo.launch(await freePort(), env);
      browser = await launchSystemChromium();
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      context.setDefaultTimeout(STEP_CEILING_MS);
      const pageErrors: string[] = [];
      context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
      return new DemoInBrowser(directory, demo, url, browser, await context.newPage(), pageErrors);
    } catch (error) {
      await browser?.close();
      demo.kill();
      await rm(directory, { recursive: true, force: true });
      throw error;
    }
  }

  /** Whatever state a test left it in (one that failed half-way included): the browser, the demo and its folder gone. */
  async close(): Promise<void> {
    await this.browser.close();
    this.demo.kill();
    await rm(this.directory, { recursive: true, force: true });
  }
}
