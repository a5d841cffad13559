/**
 * The process's Prometheus instruments (prom-client). Events are counted where they happen (a job ends, Slack or
 * Jira answers, an HTTP request finishes); state (grants, outbox, queues, chain head) is read when scraped, by the
 * collectors registered in src/metrics/state-gauges.ts. One registry per process, so every adapter records into it.
 */
import { Counter, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Seconds: from a fast Postgres answer to a Slack or Jira call near its timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpDuration = new Histogram({
  name: 'grantdesk_http_request_duration_seconds',
  help: 'HTTP requests by route pattern, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'grantdesk_job_duration_seconds',
  help: 'BullMQ jobs by queue, job name and outcome (completed or failed)',
  labelNames: ['queue', 'job', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const jobFailures = new Counter({
  name: 'grantdesk_job_failures_total',
  help: 'Failed job attempts by queue and job name; final is "true" when no retry is left',
  labelNames: ['queue', 'job', 'final'] as const,
  registers: [metricsRegistry],
});

export const externalCallDuration = new Histogram({
  name: 'grantdesk_external_call_duration_seconds',
  help: 'Calls to Slack and Jira by service, method and outcome (ok or the error kind)',
  labelNames: ['service', 'method', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

export const externalCallErrors = new Counter({
  name: 'grantdesk_external_call_errors_total',
  help: 'Failed calls to Slack and Jira by service, method and error',
  labelNames: ['service', 'method', 'error'] as const,
  registers: [metricsRegistry],
});

/** Times `call` into the external-call instruments; the error label is the error's code, else its class. */
export async function measureExternalCall<T>(service: 'slack' | 'jira', method: string, call: () => Promise<T>) {
  const end = externalCallDuration.startTimer({ service, method });
  try {
    const result = await call();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    const code =
      (error as { code?: unknown; data?: { error?: unknown } }).data?.error ?? (error as { code?: unknown }).code;
    const kind = typeof code === 'string' ? code : (error as Error).name || 'error';
    end({ outcome: 'error' });
    externalCallErrors.inc({ service, method, error: kind });
    throw error;
  }
}
