import type { AuditEvent } from '../src/domain/audit-event.ts';
import { ErrorCode, GrantdeskError } from '../src/domain/errors.ts';
import type { Grant } from '../src/domain/grant.ts';
import type { TicketTracker } from '../src/domain/ports.ts';
import {
  grantActivatedComment,
  grantEndedComment,
  grantExtendedComment,
  type RecordedAction,
} from '../src/jira/ticket-comments.ts';
import type { TicketCommenter, TicketCommentRequest } from './ticket-commenter.ts';

export interface JiraTicketCommenterDeps {
  grants: {
    findById(id: string): Promise<Grant | undefined>;
    actionsOf(grantId: string): Promise<RecordedAction[]>;
  };
  audit: { byGrant(grantId: string): Promise<AuditEvent[]> };
  tracker: Pick<TicketTracker, 'addComment'>;
}

/**
 * Builds the comment for an event from the grant as stored and the event itself, then posts it on the grant's
 * ticket. The job may run well after the event (retries, a queue backlog), so the window and expiry shown are the
 * ones the event recorded, not whatever the grant says by then.
 */
export class JiraTicketCommenter implements TicketCommenter {
  constructor(private readonly deps: JiraTicketCommenterDeps) {}

  async comment({ grantId, eventId }: TicketCommentRequest): Promise<void> {
    const grant = await this.deps.grants.findById(grantId);
    if (!grant) throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no grant ${grantId} to comment on.`);
    const event = (await this.deps.audit.byGrant(grantId)).find((e) => e.id === eventId);
    if (!event) throw new GrantdeskError(ErrorCode.NotFound, `Grant ${grant.shortCode} has no audit event ${eventId}.`);
    const body = await this.bodyFor(grant, event);
    if (body !== null) await this.deps.tracker.addComment(grant.ticket.key, body);
  }

  private async bodyFor(grant: Grant, event: AuditEvent): Promise<string | null> {
    const expiresAt = dateIn(event.after, 'expiresAt') ?? grant.expiresAt;
    switch (event.type) {
      case 'IMPERSONATION_START':
        return grantActivatedComment({ ...grant, expiresAt });
      case 'GRANT_EXTENDED':
        return grantExtendedComment(
          { ...grant, expiresAt },
          {
            approvedBy: (event.details.approvers as string[] | undefined) ?? [],
            reason: String(event.details.reason ?? ''),
            durationMs: Number(event.details.durationMs ?? 0),
          },
        );
      case 'IMPERSONATION_END':
        return grantEndedComment(grant, await this.deps.grants.actionsOf(grant.id));
      default:
        return null;
    }
  }
}

function dateIn(json: Record<string, unknown> | null, field: string): Date | null {
  const value = json?.[field];
  return typeof value === 'string' ? new Date(value) : null;
}
