import type { GrantQueries } from '../db/grant-store.ts';
import { GRANT_STATUSES, type Grant } from '../domain/grant.ts';

/** A person's own grants, newest first, at most `limit` of them (`/grant list`). */
export function listOwnGrants(
  grants: Pick<GrantQueries, 'findByRequester'>,
  input: { userId: string; limit: number },
): Promise<Grant[]> {
  return grants.findByRequester(input.userId, [...GRANT_STATUSES], input.limit);
}
