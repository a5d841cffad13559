import type { KnownBlock } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import type { ExtensionDecision } from '../../domain/extension-trail.ts';
import type { ExtensionRequest, Grant } from '../../domain/grant.ts';
import { date, user } from '../mrkdwn.ts';
import { ActionId } from './action-ids.ts';
import {
  actions,
  button,
  confirmDialog,
  context,
  fieldsSection,
  header,
  message,
  type SlackMessage,
  section,
} from './block-kit.ts';
import {
  approverMentions,
  quorumLine,
  reasonText,
  TextBudget,
  targetUserName,
  tenantAndTarget,
  tenantName,
  ticketLine,
} from './grant-facts.ts';

export interface ExtensionCardOptions {
  requiredApprovals: number;
  now: Date;
  /** The extension shown; defaults to `grant.pendingExtension`. Pass it once decided (it is then no longer pending). */
  extension?: ExtensionRequest;
  decision?: ExtensionDecision;
}

/**
 * The buttons carry the grant id and the extension's, so a click on the card of an extension decided earlier cannot
 * approve a newer one of a different length. UUIDs have no `:`.
 */
export function extensionButtonValue(grantId: string, extensionId: string): string {
  return `${grantId}:${extensionId}`;
}

export function parseExtensionButtonValue(value: string): { grantId: string; extensionId?: string } {
  const [grantId = '', extensionId] = value.split(':');
  return extensionId ? { grantId, extensionId } : { grantId };
}

/**
 * The card asking approvers to extend an ACTIVE grant. Pending: Approve (with a confirm dialog) and Deny, both
 * carrying the grant and extension ids. Decided (a `decision` given, or the grant no longer ACTIVE): no buttons, and a line saying
 * who decided, when and why.
 */
export function extensionCard(grant: Grant, options: ExtensionCardOptions): SlackMessage {
  const extension = options.extension ?? grant.pendingExtension;
  const heading = `Extension request ${grant.shortCode}`;
  if (!extension) {
    return message(`${heading}: no extension is pending`, [
      header(heading),
      section(`No extension is pending for ${tenantAndTarget(grant)}.`),
    ]);
  }
  const decided = options.decision ?? (grant.status === 'ACTIVE' ? undefined : { outcome: 'void', at: options.now });
  // While it waits, the expiry it would bring; once decided, the grant's expiry already is the outcome.
  const newExpiry =
    !decided && grant.expiresAt ? new Date(grant.expiresAt.getTime() + extension.durationMs) : undefined;
  const blocks: KnownBlock[] = [
    header(heading),
    fieldsSection([
      `*Requester*\n${user(extension.requestedBy)}`,
      `*Tenant*\n${tenantName(grant.tenant)}${grant.targetUser ? ` as ${targetUserName(grant.targetUser)}` : ''}`,
      `*Extend by*\n${formatDuration(extension.durationMs)}`,
      `*Expires*\n${grant.expiresAt ? date(grant.expiresAt) : '—'}${newExpiry ? ` → ${date(newExpiry)}` : ''}`,
    ]),
    section(`*Ticket*\n${ticketLine(grant.ticket)}`),
    section(`*Reason*\n${reasonText(extension.reason)}`),
  ];
  if (decided) {
    blocks.push(context(decisionLine(extension, decided)));
    return message(`${heading} (${decided.outcome === 'void' ? 'closed' : decided.outcome})`, blocks);
  }
  const quorum = quorumLine(extension.approvals, options.requiredApprovals);
  blocks.push(context(`Requested ${date(extension.requestedAt)} · ${grant.shortCode}`, ...(quorum ? [quorum] : [])));
  blocks.push(
    actions(`extension.decision.${grant.id}`, [
      button({
        actionId: ActionId.approveExtension,
        text: 'Approve',
        value: extensionButtonValue(grant.id, extension.id),
        style: 'primary',
        confirm: confirmDialog({
          title: 'Approve extension?',
          text: `${user(extension.requestedBy)} keeps access to tenant ${tenantAndTarget(grant)} for ${formatDuration(extension.durationMs)} more.`,
          confirm: 'Approve',
          deny: 'Cancel',
        }),
      }),
      button({
        actionId: ActionId.denyExtension,
        text: 'Deny',
        value: extensionButtonValue(grant.id, extension.id),
        style: 'danger',
      }),
    ]),
  );
  return message(
    `${heading}: ${user(extension.requestedBy)} asks to extend ${tenantName(grant.tenant)} by ${formatDuration(extension.durationMs)}`,
    blocks,
  );
}

function decisionLine(extension: ExtensionRequest, decision: ExtensionDecision): string {
  switch (decision.outcome) {
    case 'approved': {
      const by = extension.approvals.length > 0 ? ` by ${approverMentions(extension.approvals)}` : '';
      return `:white_check_mark: Extension approved${by} ${date(decision.at)}`;
    }
    case 'denied':
      return `:no_entry: Extension denied by ${user(decision.by)} ${date(decision.at)}: ${reasonText(decision.reason, TextBudget.reason)}`;
    case 'void':
      return `:lock: Closed ${date(decision.at)}: the grant is no longer active`;
  }
}
