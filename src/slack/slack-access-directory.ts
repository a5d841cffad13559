import type { WebClient } from '@slack/web-api';
import type { AccessDirectory, ApproverCandidates, ApproverRoster, Clock } from '../domain/ports.ts';

export interface AccessLists {
  approvers: { readonly userIds: readonly string[]; readonly usergroupId: string | undefined };
  auditors: { readonly userIds: readonly string[]; readonly usergroupId: string | undefined };
}

interface CachedMembers {
  members: Promise<ReadonlySet<string>>;
  fetchedAt: number;
}

/**
 * Who may approve and who may read the trail, from configuration and Slack user groups: approvers are
 * APPROVER_USER_IDS plus the members of APPROVER_USERGROUP_ID; auditors are AUDITOR_USER_IDS, the members of
 * AUDITOR_USERGROUP_ID, and every approver. Group membership is read with usergroups.users.list and cached for
 * SLACK_USERGROUP_CACHE, so a click costs no Slack call most of the time while a removal from the group takes
 * effect within that time.
 *
 * When Slack cannot say who is in a group, the error propagates: the caller decides nothing and asks the person to
 * try again, rather than refusing (and auditing a refusal of) someone who may well be an approver.
 */
export class SlackAccessDirectory implements AccessDirectory, ApproverRoster {
  private readonly cache = new Map<string, CachedMembers>();

  constructor(
    private readonly client: WebClient,
    private readonly lists: AccessLists,
    private readonly cacheMs: number,
    private readonly clock: Clock,
  ) {}

  async isApprover(userId: string): Promise<boolean> {
    const { userIds, usergroupId } = this.lists.approvers;
    return userIds.includes(userId) || (usergroupId !== undefined && (await this.membersOf(usergroupId)).has(userId));
  }

  async isAuditor(userId: string): Promise<boolean> {
    const { userIds, usergroupId } = this.lists.auditors;
    if (userIds.includes(userId)) return true;
    if (usergroupId !== undefined && (await this.membersOf(usergroupId)).has(userId)) return true;
    return this.isApprover(userId);
  }

  /** The configured approvers, the usergroup's members read (and cached) as for a click, for a reminder to filter. */
  async candidates(): Promise<ApproverCandidates> {
    const { userIds, usergroupId } = this.lists.approvers;
    if (usergroupId === undefined) return { userIds, usergroup: null };
    return { userIds, usergroup: { id: usergroupId, members: [...(await this.membersOf(usergroupId))] } };
  }

  /** Membership of any usergroup an access policy names (Grantdesk::Group::"S…"), cached like the approvers'. */
  async isMember(userId: string, usergroupId: string): Promise<boolean> {
    return (await this.membersOf(usergroupId)).has(userId);
  }

  /** Concurrent clicks share one request: the pending promise is cached, and dropped again if it fails. */
  private membersOf(usergroupId: string): Promise<ReadonlySet<string>> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(usergroupId);
    if (cached && now - cached.fetchedAt < this.cacheMs) return cached.members;
    const members = this.client.usergroups.users
      .list({ usergroup: usergroupId })
      .then((answer) => new Set(answer.users ?? []) as ReadonlySet<string>);
    const entry = { members, fetchedAt: now };
    this.cache.set(usergroupId, entry);
    members.catch(() => {
      if (this.cache.get(usergroupId) === entry) this.cache.delete(usergroupId);
    });
    return members;
  }
}
