/**
 * The demo Jira's webhook, sent as Jira Cloud sends one: when a ticket changes status, a `jira:issue_updated`
 * delivery signed with the webhook's secret (`X-Hub-Signature: sha256=<HMAC-SHA256 of the body>`) goes to
 * Grantdesk's `/webhooks/jira` (JIRA_WEBHOOK_SECRET), which ends the grants of a ticket that is now Done at once
 * rather than at the next re-check.
 */
import { createHmac } from 'node:crypto';
import type { StoredIssue } from './jira-issues.ts';

/** Jira Cloud gives up on a webhook that has not answered within 10 s (its webhooks documentation, "Retry policy"). */
const DELIVERY_TIMEOUT_MS = 10_000;

export class JiraWebhookSender {
  private target: { url: string; secret: string } | null = null;

  /** Where deliveries go and the secret they are signed with, as the webhook is registered in Jira's settings. */
  connect(url: string, secret: string): void {
    this.target = { url, secret };
  }

  /**
   * Delivers one `jira:issue_updated` for the issue as it now is. Resolves with what happened, for the person who
   * moved the ticket; a delivery that fails is not retried (Grantdesk's re-check of open grants' tickets still finds
   * the closure).
   */
  async issueUpdated(issue: StoredIssue): Promise<string> {
    if (!this.target) return 'No webhook is registered.';
    const body = JSON.stringify({
      timestamp: Date.now(),
      webhookEvent: 'jira:issue_updated',
      issue_event_type_name: 'issue_generic',
      issue: {
        id: issue.id,
        key: issue.key,
        fields: { status: { name: issue.status, statusCategory: { key: issue.statusCategory } } },
      },
    });
    const signature = `sha256=${createHmac('sha256', this.target.secret).update(body).digest('hex')}`;
    try {
      const response = await fetch(this.target.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature': signature },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok ? 'Grantdesk was told.' : `Grantdesk answered HTTP ${response.status}.`;
    } catch (error) {
      return `Grantdesk could not be reached (${(error as Error).message}).`;
    }
  }
}
