import type { TicketSnapshot } from '../grant.ts';
import { zonedParts } from '../zoned-time.ts';
import type { AccessLevel, PolicyContext } from './access-policy.ts';

export interface PolicyContextInput {
  durationMs: number;
  accessLevel: AccessLevel;
  targetUser: string | null;
  ticket: TicketSnapshot;
  requesterEmail: string | null;
  at: Date;
  /** DIGEST_TIMEZONE: the organisation's working time zone. */
  timeZone: string;
}

/**
 * The context of a decision (DESIGN.md §6). `requesterIsAssignee` compares the ticket's assignee's email with the
 * requester's, case-insensitively. Jira gives the email where its privacy settings allow; otherwise a display name
 * that is an email stands for it, and any other display name never matches.
 */
export function policyContextOf(input: PolicyContextInput): PolicyContext {
  const { ticket } = input;
  const displayed = ticket.assignee ?? '';
  const assignee = ticket.assigneeEmail || (displayed.includes('@') ? displayed : '');
  const requesterIsAssignee =
    input.requesterEmail !== null && assignee !== '' && assignee.toLowerCase() === input.requesterEmail.toLowerCase();
  const local = zonedParts(input.at, input.timeZone);
  return {
    duration: Math.round(input.durationMs / 1000),
    accessLevel: input.accessLevel,
    targetUser: input.targetUser ?? '',
    ticket: {
      key: ticket.key,
      project: ticket.key.split('-')[0] ?? '',
      status: ticket.status,
      statusCategory: ticket.statusCategory,
      assigneeEmail: assignee,
      requesterIsAssignee,
    },
    hour: local.hour,
    // zonedParts counts Sunday 0; Cedar policies count ISO days, Monday 1 … Sunday 7.
    weekday: local.weekday === 0 ? 7 : local.weekday,
  };
}
