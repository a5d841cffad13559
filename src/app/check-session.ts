import { ErrorCode, GrantdeskError } from '../domain/errors.ts';
import type { Clock, GrantReader } from '../domain/ports.ts';
import { checkSession, type SessionCheck, type SessionState, stateOfGrant } from '../domain/session-check.ts';
import { type GrantReference, parseGrantReference } from '../domain/short-code.ts';

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
  const reference = parseGrantReference(input.reference);
  if (!reference) {
    throw new GrantdeskError(
      ErrorCode.InvalidInput,
      'sessionId: expected a session id (UUID) or short code like G-7K3M9Q',
      {
        field: 'sessionId',
      },
    );
  }
  const state = await deps.states.lookup(reference);
  if (!state || (input.tenant !== null && state.tenant !== input.tenant)) {
    throw new GrantdeskError(ErrorCode.GrantNotFound, `There is no session ${input.reference}.`);
  }
  return checkSession(state, deps.clock.now());
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
