/**
 * The identifiers Slack sends back when someone clicks a button or submits a modal. Builders put them in the blocks
 * and listeners register on them, so both import them from here and cannot drift apart.
 */
export const ActionId = {
  approveGrant: 'grant.approve',
  denyGrant: 'grant.deny',
  approveExtension: 'extension.approve',
  denyExtension: 'extension.deny',
  endGrant: 'grant.end',
  cancelGrant: 'grant.cancel',
  openExtendModal: 'grant.extend.open',
  openReviewModal: 'grant.review.open',
} as const;

export type ActionId = (typeof ActionId)[keyof typeof ActionId];

export const CallbackId = {
  requestModal: 'grant.request',
  extendModal: 'grant.extend',
  denyModal: 'grant.deny',
  reviewModal: 'grant.review',
} as const;

export type CallbackId = (typeof CallbackId)[keyof typeof CallbackId];

/** block_id and action_id of each input in the request, extend and deny modals (the same string for both). */
export const InputId = {
  tenant: 'tenant',
  targetUser: 'target_user',
  ticket: 'ticket',
  reason: 'reason',
  duration: 'duration',
  accessLevel: 'access_level',
  reviewOutcome: 'review_outcome',
  reviewNote: 'review_note',
} as const;
