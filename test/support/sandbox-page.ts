/** Steps on the demo's Slack sandbox page that browser tests share, each waiting for what the page then shows. */
import { type Browser, chromium, type Page } from 'playwright-core';

/** Switches person (a click only when they are not already the one acted as) and waits for their view. */
export async function actAs(page: Page, name: string): Promise<void> {
  const chip = page.locator('.person-chip', { hasText: name });
  const id = await chip.getAttribute('data-person-id');
  if ((await chip.getAttribute('aria-pressed')) !== 'true') await chip.click();
  await page.locator(`body[data-viewer="${id}"]`).waitFor({ state: 'attached' });
}

/** Opens a conversation from the sidebar and waits until it is the one shown. */
export async function openConversation(page: Page, conversation: string): Promise<void> {
  await page.locator('.sidebar-item', { hasText: conversation }).click();
  await page.locator('.sidebar-item-active', { hasText: conversation }).waitFor();
}

/** The system Chromium (never a downloaded browser): browser tests are skipped, saying why, where it is missing. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: nothing of its own on the network while a test runs. */
export function launchSystemChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
