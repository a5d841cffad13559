/**
 * Every refusal Grantdesk makes carries a stable code. One file maps codes to Slack text
 * (src/slack/error-message.ts) and one to HTTP status (src/http/error-status.ts); the message here is the
 * plain explanation, written to say what was wrong and what to do instead.
 */
export const ErrorCode = {
  InvalidInput: 'invalid_input',
  InvalidDuration: 'invalid_duration',
  InvalidReason: 'invalid_reason',
  InvalidTenant: 'invalid_tenant',
  InvalidTicket: 'invalid_ticket',
  TicketNotFound: 'ticket_not_found',
  TicketNotAllowed: 'ticket_not_allowed',
  TicketClosed: 'ticket_closed',
  TrackerUnavailable: 'tracker_unavailable',
  GrantNotFound: 'grant_not_found',
  AmbiguousGrantId: 'ambiguous_grant_id',
  InvalidTransition: 'invalid_transition',
  SelfApproval: 'self_approval',
  NotApprover: 'not_approver',
  NotRequester: 'not_requester',
  NotAuditor: 'not_auditor',
  AlreadyDecided: 'already_decided',
  DuplicateApproval: 'duplicate_approval',
  ExtensionTooLong: 'extension_too_long',
  ExtensionPending: 'extension_pending',
  NoPendingExtension: 'no_pending_extension',
  GrantNotActive: 'grant_not_active',
  ActionTooLong: 'action_too_long',
  Unauthenticated: 'unauthenticated',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  Conflict: 'conflict',
  PayloadTooLarge: 'payload_too_large',
  RateLimited: 'rate_limited',
  RetentionTooShort: 'retention_too_short',
  /** Text with a NUL or a lone surrogate, which Postgres cannot store as it is (see storable-text.ts). */
  UnstorableText: 'unstorable_text',
  JsonTooLarge: 'json_too_large',
  /** A well-formed time that cannot be right (before 2000, or ahead of Grantdesk's clock). */
  InvalidTime: 'invalid_time',
  UnsupportedMediaType: 'unsupported_media_type',
  PolicyRefused: 'policy_refused',
  /** The requester already waits on a request for the same tenant and target user. */
  RequestPending: 'request_pending',
  /** The requester already holds active access to the same tenant and target user: extend it instead. */
  AlreadyActive: 'already_active',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class GrantdeskError extends Error {
  override readonly name = 'GrantdeskError';

  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Structured context for logs and API clients, e.g. `{ field: 'reason' }`. Never shown raw to Slack users. */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function isGrantdeskError(error: unknown): error is GrantdeskError {
  return error instanceof GrantdeskError;
}

/**
 * An audit event whose id is already stored: two deliveries of one report raced and the unique id let only one in
 * (AuditAppender.append throws it; the transaction is rolled back). Not a refusal: the caller decides what it means.
 */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';

  constructor(cause: unknown) {
    super('an audit event with this id is already stored', { cause });
  }
}
