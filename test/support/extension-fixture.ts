/** Extension asks and a grant with a pending extension, shared by the extension domain tests. */
import { type ExtensionAsk, requestExtension } from '../../src/domain/extension.ts';
import type { Grant } from '../../src/domain/grant.ts';
import { APPROVED_AT, activeGrant, appliedOf, HOUR, MINUTE, plus, policy, requester } from './domain-fixture.ts';

export const EXPIRES_AT = plus(APPROVED_AT, 30 * MINUTE);
export const ASKED_AT = plus(APPROVED_AT, 20 * MINUTE);
export const EXTENSION_ID = 'ext-1';

export const ask = (overrides: Partial<ExtensionAsk> = {}): ExtensionAsk => ({
  extensionId: EXTENSION_ID,
  actor: requester,
  durationMs: HOUR,
  reason: 'Export still failing after the fix',
  at: ASKED_AT,
  maxDurationMs: policy.maxDurationMs,
  ...overrides,
});

/** The active fixture grant with a one-hour extension waiting for approvers. */
export const withPendingExtension = (grant: Grant = activeGrant()): Grant =>
  appliedOf(requestExtension(grant, ask())).grant;

export const DECIDED_AT = plus(APPROVED_AT, 25 * MINUTE);
