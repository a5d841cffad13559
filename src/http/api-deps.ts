import type { SessionStateReader } from '../app/check-session.ts';
import type { Services } from '../app/services.ts';
import type { TokenChangeFeed } from '../db/cached-token-store.ts';
import type { TokenStore } from '../db/token-store.ts';
import type { Clock } from '../domain/ports.ts';
import type { Logger } from '../logger.ts';
import { DEFAULT_EXPORT_LIMITS, type ExportLimits } from './export-slots.ts';

/** What the REST API is built from (see apiRoutes). */
export interface ApiDeps {
  services: Services;
  /** The API's tokens, read by its authentication (an adapter's port, not a use case). */
  tokens: TokenStore;
  clock: Clock;
  logger: Logger;
  /** API_RATE_LIMIT and the export limits; the documented defaults when absent. */
  limits?: Partial<ApiLimits>;
  /** The sessions' gate state kept in memory (src/db/session-states.ts); without it the gate reads the database. */
  sessionStates?: SessionStateReader & {
    subscribe?(listener: () => void): () => void;
    /** With it the API keeps its tokens in memory too (src/db/cached-token-store.ts). */
    onApiTokenChange?: TokenChangeFeed['onApiTokenChange'];
    live?: boolean;
    epoch?: number;
  };
  /** The event stream's heartbeat; DESIGN.md §5 fixes 15 s, tests shorten it. */
  streamHeartbeatMs?: number;
}

/** Where the console gate reads sessions: the in-memory states when the API has them, else the database. */
export function gateStatesOf(deps: ApiDeps): SessionStateReader {
  return deps.sessionStates ?? { lookup: deps.services.lookupSessionState };
}

export interface ApiLimits extends ExportLimits {
  /** API_RATE_LIMIT: requests per minute per token. */
  requestsPerMinute: number;
}

export const DEFAULT_API_LIMITS: ApiLimits = { ...DEFAULT_EXPORT_LIMITS, requestsPerMinute: 1_200 };
