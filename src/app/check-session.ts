import type { Clock, GrantReader } from '../domain/ports.ts';
import { checkSession, type SessionCheck, type SessionState, stateOfGrant } from '../domain/session-check.ts';
import type { GrantReference } from '../domain/short-code.ts';
import { parseSessionReference, visibleSession } from './session-reference.ts';

export interface SessionStateReader {
  lookup(reference: GrantReference): Promise<SessionState | undefined>;
}

/**
 * The console gate (DESIGN.md §5): is this session usable right now? Writes nothing. A session of another tenant
 * than the caller's is reported exactly as a missing one, as everywhere in the API.
 */
export async function checkSessionAccess(
  deps: { states: SessionStateReader; clock: Clock },
  input: { reference: string; tenant: string | null },
): Promise<SessionCheck> {
  const state = await deps.states.lookup(parseSessionReference(input.reference));
  return checkSession(visibleSession(state, input), deps.clock.now());
}

/** A reader straight from the database, for an API served without the in-memory states (one query per check). */
export function grantStateReader(grants: GrantReader): SessionStateReader {
  return {
    async lookup(reference) {
      const grant =
        reference.kind === 'id'
          ? await grants.findById(reference.id)
          : await grants.findByShortCode(reference.shortCode);
      return grant && stateOfGrant(grant);
    },
  };
}
