import type { GroupDirectory } from '../domain/policy/access-policy.ts';
import { CONFIGURED_APPROVERS_GROUP } from '../domain/policy/default-policy.ts';
import type { AccessDirectory } from '../domain/ports.ts';

/** Slack usergroup membership, as SlackAccessDirectory reads and caches it. */
export interface UsergroupMembership {
  isMember(userId: string, usergroupId: string): Promise<boolean>;
}

/**
 * The groups a person is in, among those the policies name: "approvers" is the configured approver list (so the
 * default policy decides exactly as the settings do), any other id a Slack usergroup. Only named groups are looked
 * up, so a policy set without groups costs no Slack call.
 */
export class ConfiguredGroupDirectory implements GroupDirectory {
  constructor(
    private readonly access: Pick<AccessDirectory, 'isApprover'>,
    private readonly usergroups: UsergroupMembership | null,
  ) {}

  async groupsOf(userId: string, groups: readonly string[]): Promise<string[]> {
    const member = await Promise.all(
      groups.map((group) =>
        group === CONFIGURED_APPROVERS_GROUP
          ? this.access.isApprover(userId)
          : (this.usergroups?.isMember(userId, group) ?? Promise.resolve(false)),
      ),
    );
    return groups.filter((_, index) => member[index]);
  }
}
