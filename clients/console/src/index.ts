export type * from './api-types.js';
export { GrantdeskApiError } from './grantdesk-api-error.js';
export { GrantdeskClient, type GrantdeskClientOptions, OPERATIONS, type OperationId } from './grantdesk-client.js';
export {
  type GateRequest,
  type GateResponse,
  type Impersonation,
  type ImpersonationMiddleware,
  type Next,
  type Refusal,
  type RequireImpersonationOptions,
  requireImpersonation,
} from './require-impersonation.js';
export { SessionEventStream, type SessionEventStreamOptions } from './session-event-stream.js';
export { type ActiveCheck, type GateDecision, SessionGate, type SessionGateOptions } from './session-gate.js';
export { REPLAY_WINDOW_SECONDS, verifyWebhook, type WebhookVerification } from './verify-webhook.js';
