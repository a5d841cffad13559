/**
 * The configuration as the rest of the app reads it: typed, checked and grouped by feature. src/config.ts builds it
 * from the environment; nothing else reads process.env.
 */
import type { BusinessHours, LogLevel } from './config-parsers.ts';
import type { GrantPolicy } from './domain/grant-policy.ts';

/** Jira Cloud takes an account email and API token (basic auth); Data Center a personal access token (bearer). */
export type JiraAuth =
  | { readonly kind: 'basic'; readonly email: string; readonly apiToken: string }
  | { readonly kind: 'bearer'; readonly token: string };

export interface Config {
  readonly port: number;
  /** METRICS_PORT: /metrics on a port of its own; on PORT when unset. */
  readonly metricsPort: number | undefined;
  /** Per-process limits of the REST API (see src/http/api-deps.ts). */
  readonly api: { readonly requestsPerMinute: number; readonly overall: number; readonly perToken: number };
  /** `grantdesk demo`'s Slack sandbox page; kept across restarts so an open tab reconnects. 0: any free port. */
  readonly demoPort: number;
  readonly logLevel: LogLevel;
  /** Not required here: `serve`, `worker`, `migrate`… check for it with assertDatabaseConfig; `demo` embeds one. */
  readonly databaseUrl: string | undefined;
  /** DATABASE_POOL_MAX: Sequelize's pool in each process (BullMQ's Postgres backend keeps its own 8 beside it). */
  readonly databasePoolMax: number;
  readonly reconcileIntervalMs: number;
  readonly queue: { readonly redisUrl: string | undefined; readonly prefix: string };
  readonly slack: {
    readonly botToken: string | undefined;
    readonly signingSecret: string | undefined;
    /** When set, Socket Mode instead of HTTP. */
    readonly appToken: string | undefined;
    /** Ends with `/`. */
    readonly apiUrl: string;
    readonly approverChannelId: string | undefined;
    readonly complianceChannelId: string | undefined;
    /** Where a request still PENDING after APPROVAL_ESCALATION is also posted. */
    readonly escalationChannelId: string | undefined;
    readonly usergroupCacheMs: number;
  };
  readonly approvers: { readonly userIds: readonly string[]; readonly usergroupId: string | undefined };
  readonly auditors: { readonly userIds: readonly string[]; readonly usergroupId: string | undefined };
  readonly grants: Readonly<GrantPolicy>;
  readonly jira: {
    /** No trailing slash. */
    readonly baseUrl: string | undefined;
    readonly auth: JiraAuth | undefined;
    /** Empty means any project. */
    readonly projects: readonly string[];
    readonly requireOpen: boolean;
    readonly timeoutMs: number;
    readonly recheckIntervalMs: number;
    readonly webhookSecret: string | undefined;
  };
  readonly digest: { readonly cron: string; readonly timezone: string };
  /** Business hours are read in digest.timezone. */
  readonly anomaly: { readonly cron: string; readonly businessHours: BusinessHours };
  readonly audit: {
    readonly retentionDays: number;
    readonly purgeCron: string;
    readonly webhookUrl: string | undefined;
    readonly webhookSecret: string | undefined;
  };
  /** DESIGN.md §5: session events POSTed to the support console, signed. */
  readonly consoleWebhook: { readonly url: string | undefined; readonly secret: string | undefined };
  /** Unset: the access policy the settings above imply (DESIGN.md §6, docs/policy.md). */
  readonly policy: { readonly dir: string | undefined };
}
