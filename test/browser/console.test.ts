/**
 * The demo's support console in a browser, as a newcomer meets it: opened from the sandbox's top bar, it acts as a
 * tenant through the console client's requireImpersonation, and is cut off live in each of the three ways a grant
 * ends early or on time: an approver revokes it, it expires, its Jira ticket is moved to Done. Each time the panel is
 * first seen allowed, with a request through the middleware answered 200, then cut off without a reload, with the
 * middleware answering the same request 403.
 *
 * Every step waits for a condition the page shows, never for a time (see demo.test.ts).
 */
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserSuiteTitle, DemoInBrowser, HAS_CHROMIUM } from '../support/demo-in-browser.ts';
import type { DemoProcess } from '../support/demo-process.ts';
import { actAs, openConversation } from '../support/sandbox-page.ts';

/** The picture in docs/demo.md: taken on every run, written over the committed one only when missing or asked for. */
const DOCS_SCREENSHOT = fileURLToPath(new URL('../../docs/demo-console.png', import.meta.url));
const SCREENSHOT =
  process.env.UPDATE_DEMO_SCREENSHOT === '1' || !existsSync(DOCS_SCREENSHOT)
    ? DOCS_SCREENSHOT
    : join(tmpdir(), 'grantdesk-demo-console.png');
/**
 * The expiring grant's length: long enough to be seen allowed and tried on a loaded machine, short enough not to
 * keep the suite waiting (GRANT_MIN_DURATION lets the demo take it).
 */
const SHORT_GRANT = '40s';

const title = browserSuiteTitle('the support console of the demo in a browser');

describe.skipIf(!HAS_CHROMIUM)(title, { timeout: 180_000 }, () => {
  let session: DemoInBrowser | undefined;
  let demo: DemoProcess;
  let url: string;
  let sandbox: Page;
  let consolePage: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await DemoInBrowser.start('grantdesk-console-', { GRANT_MIN_DURATION: '30s' });
    ({ demo, url, page: sandbox, pageErrors } = session);
  }, 180_000);

  afterAll(() => session?.close());

  /** Types a line in a conversation as the person acted as, and waits for the answer only they see about `about`. */
  const type = async (conversation: string, text: string, about: string, answer: string) => {
    await openConversation(sandbox, conversation);
    const composer = sandbox.getByRole('textbox', { name: `Message #${conversation}` });
    await composer.fill(text);
    await composer.press('Enter');
    await sandbox.locator('.message-ephemeral', { hasText: answer }).filter({ hasText: about }).last().waitFor();
  };
  /** Avery approves the newest card of `tenant` in #access-approvals. */
  const approve = async (tenant: string) => {
    await actAs(sandbox, 'Avery');
    await openConversation(sandbox, 'access-approvals');
    const card = sandbox.locator('.message', { hasText: 'Access request G-' }).filter({ hasText: tenant }).last();
    await card.getByRole('button', { name: 'Approve', exact: true }).click();
    await sandbox
      .getByRole('alertdialog', { name: 'Approve access?' })
      .getByRole('button', { name: 'Approve' })
      .click();
    await card.getByText('Approved by @Avery Okafor').waitFor();
  };
  const panelOf = (tenant: string): Locator =>
    consolePage.locator('.panel').filter({ has: consolePage.getByRole('heading', { name: tenant, exact: true }) });
  /** Presses "Try an action" (a request through requireImpersonation) and returns the status it answered. */
  const tryAction = async (panel: Locator) => {
    const answered = consolePage.waitForResponse((response) => response.url().includes('/console/tenant/'), {
      timeout: 0,
    });
    await panel.getByRole('button', { name: 'Try an action' }).click();
    const status = (await answered).status();
    await panel.locator(`.panel-result[data-status="${status}"]`).waitFor();
    return status;
  };
  /** Seen allowed, and a request through the middleware let through. */
  const expectAllowed = async (tenant: string) => {
    const panel = panelOf(tenant);
    await panel.and(consolePage.locator('[data-state="allowed"]')).waitFor();
    await expect(panel.locator('.panel-verdict').textContent()).resolves.toBe(`Acting as ${tenant}: allowed`);
    expect(await tryAction(panel)).toBe(200);
    await expect(panel.locator('.panel-result').textContent()).resolves.toContain('recorded');
    return panel;
  };
  /** Cut off, live (no reload), and the same request refused by the middleware. */
  const expectCutOff = async (panel: Locator, reason: string) => {
    await panel.and(consolePage.locator(`[data-state="cut-off"][data-cut-off="${reason}"]`)).waitFor();
    await expect(panel.locator('.panel-verdict').textContent()).resolves.toMatch(/^Cut off: /);
    expect(await tryAction(panel)).toBe(403);
    await expect(panel.locator('.panel-result').textContent()).resolves.toContain('session_not_active');
  };

  it('opens from the sandbox’s top bar and follows Grantdesk live', async () => {
    await sandbox.goto(`${url}?as=U0RILEY01`);
    await sandbox.locator('body[data-viewer="U0RILEY01"][data-connection="live"]').waitFor({ state: 'attached' });
    const opened = sandbox.context().waitForEvent('page');
    await sandbox.getByRole('link', { name: /Support console/ }).click();
    consolePage = await opened;
    await consolePage.locator('body[data-connection="live"]').waitFor({ state: 'attached' });
    await consolePage.getByText('No grant to act under yet').waitFor();
  });

  // The expiring grant is asked for first and its cut-off checked last, so that its 40 s run while the other two
  // cases do, instead of the suite waiting for it alone.
  let expiring: Locator;
  it('lets a request through while a grant is active', async () => {
    await actAs(sandbox, 'Riley');
    // A read of a sandbox tenant on Riley's own ticket is approved by policy, at once.
    const request = `/grant wonka-trial OPS-107 ${SHORT_GRANT} Reproduce the wizard hang`;
    await type('support-ops', request, 'wonka-trial', 'Approved by policy');
    expiring = await expectAllowed('wonka-trial');
  });

  it('is cut off when an approver revokes the grant', async () => {
    await actAs(sandbox, 'Riley');
    const request = '/grant acme-corp OPS-101 1h Investigate the failed invoice export';
    await type('support-ops', request, 'acme-corp', 'waiting for approval');
    await approve('acme-corp');
    const panel = await expectAllowed('acme-corp');

    const code = (await panel.locator('.panel-code').textContent()) ?? '';
    expect(code).toMatch(/^G-[0-9A-Z]{6}$/);
    await type('access-approvals', `/grant revoke ${code} Customer asked us to <i>stop</i> & wait`, code, 'Revoked');
    await expectCutOff(panel, 'revoked');
    // The approver's reason, shown as typed: text, never markup.
    await panel.getByText('Customer asked us to <i>stop</i> & wait').waitFor();
    expect(await panel.locator('i').count()).toBe(0);
  });

  it('is cut off when the ticket is moved to Done in Jira', async () => {
    await actAs(sandbox, 'Riley');
    const request = '/grant globex OPS-102 1h Check the SSO login loop after the rotation';
    await type('support-ops', request, 'globex', 'waiting for approval');
    await approve('globex');
    const panel = await expectAllowed('globex');
    // The picture for the docs: grants allowed and the revoked one cut off.
    await consolePage.mouse.move(0, 0);
    await consolePage.waitForFunction(() =>
      (globalThis as unknown as { document: { getAnimations(): { playState: string }[] } }).document
        .getAnimations()
        .every((animation) => animation.playState !== 'running'),
    );
    await consolePage.screenshot({ path: SCREENSHOT });

    // The panel links the ticket; the demo Jira's page moves it to Done, and tells Grantdesk by webhook.
    const opened = consolePage.context().waitForEvent('page');
    await panel.getByRole('link', { name: 'OPS-102' }).click();
    const jira = await opened;
    await jira.getByRole('button', { name: 'Move to Done' }).click();
    await jira.locator('.status', { hasText: 'Done' }).waitFor();
    await expectCutOff(panel, 'ticket-closed');
    await expect(panel.locator('.panel-verdict').textContent()).resolves.toBe('Cut off: ticket OPS-102 was closed');
    await jira.close();
  });

  it('is cut off when the grant expires', async () => {
    await expectCutOff(expiring, 'expired');
    await expect(expiring.locator('.panel-verdict').textContent()).resolves.toBe('Cut off: the grant expired');
  });

  it('raised no error in its pages', () => {
    expect(pageErrors).toEqual([]);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await demo.stop()).toBe(0);
    await consolePage.locator('body[data-connection="lost"]').waitFor({ state: 'attached' });
  });
});
