/**
 * Who and what is in the workspace: people, channels (and the app's DMs, opened on demand), user groups, and the
 * Web API methods that read them (users.info, usergroups.users.list, conversations.open), with Slack's refusals.
 */
import { SlackApiError } from './slack-api-error.ts';
import { requiredString } from './web-api-checks.ts';
import type { ApiArgs } from './web-api-request.ts';
import type { TeamInfo, WorkspaceChannel, WorkspacePerson } from './workspace-model.ts';

export class WorkspaceDirectory {
  private readonly people = new Map<string, WorkspacePerson>();
  private readonly channels = new Map<string, WorkspaceChannel>();
  private readonly usergroups = new Map<string, string[]>();

  constructor(private readonly team: TeamInfo) {}

  addPerson(person: WorkspacePerson): void {
    this.people.set(person.id, person);
  }

  /** Adds or replaces a channel (or a DM, when restoring a saved workspace). */
  addChannel(channel: WorkspaceChannel): void {
    this.channels.set(channel.id, channel);
  }

  setUsergroup(id: string, members: readonly string[]): void {
    this.usergroups.set(id, [...members]);
  }

  person(id: string): WorkspacePerson | undefined {
    return this.people.get(id);
  }

  allPeople(): WorkspacePerson[] {
    return [...this.people.values()];
  }

  channel(id: string): WorkspaceChannel | undefined {
    return this.channels.get(id);
  }

  allChannels(): WorkspaceChannel[] {
    return [...this.channels.values()];
  }

  /** The app's DM with a person (what conversations.open gives for them). */
  dmChannelOf(userId: string): string {
    return `D${userId.replace(/^[UW]/, '')}`;
  }

  /** A known channel, or a person's id (Slack posts those to the app's DM with them); else channel_not_found. */
  resolveChannel(value: unknown): string {
    const id = typeof value === 'string' ? value : '';
    if (this.channels.has(id)) return id;
    if (this.people.has(id)) return this.openDm(id).id;
    throw new SlackApiError('channel_not_found');
  }

  openConversation(args: ApiArgs): ApiArgs {
    const users = requiredString(args.users, 'users_list_not_supplied')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (users.length !== 1) {
      throw new SlackApiError('not_implemented', ['[ERROR] the sandbox opens DMs with one person only']);
    }
    if (!this.people.has(users[0]!)) throw new SlackApiError('user_not_found');
    const alreadyOpen = this.channels.has(this.dmChannelOf(users[0]!));
    const { id } = this.openDm(users[0]!);
    return { channel: { id }, ...(alreadyOpen ? { no_op: true, already_open: true } : {}) };
  }

  userInfo(args: ApiArgs): ApiArgs {
    const person = this.people.get(requiredString(args.user, 'user_not_found'));
    if (!person) throw new SlackApiError('user_not_found');
    return {
      user: {
        id: person.id,
        team_id: this.team.id,
        name: person.name,
        real_name: person.realName,
        deleted: person.deleted ?? false,
        is_bot: person.isBot ?? false,
        tz: person.tz ?? 'Europe/London',
        profile: {
          real_name: person.realName,
          display_name: person.name,
          title: person.title ?? '',
          ...(person.email ? { email: person.email } : {}),
        },
      },
    };
  }

  usergroupMembers(args: ApiArgs): ApiArgs {
    const members = this.usergroups.get(requiredString(args.usergroup, 'no_such_subteam'));
    if (!members) throw new SlackApiError('no_such_subteam');
    return { users: [...members] };
  }

  private openDm(userId: string): WorkspaceChannel {
    const id = this.dmChannelOf(userId);
    const dm = this.channels.get(id) ?? { id, name: this.people.get(userId)?.name ?? userId, kind: 'im', userId };
    this.channels.set(id, dm);
    return dm;
  }
}
