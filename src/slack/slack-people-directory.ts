import type { WebClient } from '@slack/web-api';
import type { Clock, PeopleDirectory } from '../domain/ports.ts';

/**
 * How long an email is remembered. Emails rarely change and are only recorded alongside the Slack id (which is what
 * decisions key on), so a stale one for a few minutes costs nothing, while a users.info call per click would.
 */
const EMAIL_CACHE_MS = 10 * 60_000;
/** Bounds memory in a large workspace; the oldest entry goes first. */
const MAX_ENTRIES = 5_000;

/**
 * People's emails from Slack (users.info, scope users:read.email): the requester's email is the session's admin user
 * (DESIGN.md §1), and approvers' emails go into the trail. A person without a visible email, or whom Slack does not
 * know, has none (null); other Slack errors propagate, so nothing is recorded with a missing email by accident.
 */
export class SlackPeopleDirectory implements PeopleDirectory {
  private readonly cache = new Map<string, { email: string | null; fetchedAt: number }>();

  constructor(
    private readonly client: WebClient,
    private readonly clock: Clock,
  ) {}

  async emailOf(userId: string): Promise<string | null> {
    const now = this.clock.now().getTime();
    const cached = this.cache.get(userId);
    if (cached && now - cached.fetchedAt < EMAIL_CACHE_MS) return cached.email;
    let email: string | null;
    try {
      const answer = await this.client.users.info({ user: userId });
      email = answer.user?.profile?.email ?? null;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'user_not_found') throw error;
      email = null;
    }
    this.cache.delete(userId);
    this.cache.set(userId, { email, fetchedAt: now });
    if (this.cache.size > MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    return email;
  }
}
