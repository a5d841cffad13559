import type { Actor } from '../../domain/grant.ts';
import type { PeopleDirectory } from '../../domain/ports.ts';

/** The person behind a Slack request, as the audit trail records them: Slack id and email. */
export async function staffActor(people: PeopleDirectory, userId: string): Promise<Actor> {
  return { kind: 'staff', id: userId, email: await people.emailOf(userId) };
}
