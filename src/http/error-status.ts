import { ErrorCode } from '../domain/errors.ts';

/**
 * The one map from error code to HTTP status (the Slack side has its own, to text). Typed over every code, so a new
 * code does not compile until it is given a status here. 400: the request is malformed; 422: well-formed but the
 * value is not acceptable; 409: the session is not in a state that allows it.
 */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.InvalidInput]: 400,
  [ErrorCode.InvalidDuration]: 400,
  [ErrorCode.InvalidReason]: 400,
  [ErrorCode.InvalidTenant]: 400,
  [ErrorCode.InvalidTicket]: 400,
  [ErrorCode.TicketNotFound]: 422,
  [ErrorCode.TicketNotAllowed]: 422,
  [ErrorCode.TicketClosed]: 422,
  [ErrorCode.TrackerUnavailable]: 503,
  [ErrorCode.GrantNotFound]: 404,
  [ErrorCode.AmbiguousGrantId]: 400,
  [ErrorCode.InvalidTransition]: 409,
  [ErrorCode.SelfApproval]: 403,
  [ErrorCode.NotApprover]: 403,
  [ErrorCode.NotRequester]: 403,
  [ErrorCode.NotAuditor]: 403,
  [ErrorCode.AlreadyDecided]: 409,
  [ErrorCode.DuplicateApproval]: 409,
  [ErrorCode.ExtensionTooLong]: 422,
  [ErrorCode.ExtensionPending]: 409,
  [ErrorCode.NoPendingExtension]: 409,
  [ErrorCode.GrantNotActive]: 409,
  [ErrorCode.ActionTooLong]: 422,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.RetentionTooShort]: 422,
  [ErrorCode.UnstorableText]: 422,
  [ErrorCode.JsonTooLarge]: 422,
  [ErrorCode.InvalidTime]: 422,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.PolicyRefused]: 403,
  [ErrorCode.RequestPending]: 409,
  [ErrorCode.AlreadyActive]: 409,
};

export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code] ?? 500;
}
