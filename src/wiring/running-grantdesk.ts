import type { Services } from '../app/services.ts';
import type { AccessPolicy } from '../domain/policy/access-policy.ts';

/** What startGrantdesk (src/main.ts) hands back: the use cases, the ports it listens on, and how to stop it. */
export interface RunningGrantdesk {
  services: Services;
  /** The access policy in force (POLICY_DIR, or the one the settings imply); reloadPolicy replaces it. */
  accessPolicy: AccessPolicy;
  /** The port the HTTP server listens on (when it runs). */
  port: number | null;
  /** The port /metrics listens on when METRICS_PORT is set. */
  metricsPort: number | null;
  /** Reloads POLICY_DIR (SIGHUP); a set with problems is refused and the one in force stays. */
  reloadPolicy(): Promise<{ outcome: 'loaded' | 'unchanged' | 'kept'; problems: string[] }>;
  close(): Promise<void>;
}
