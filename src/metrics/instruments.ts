/**
 * The process's Prometheus instruments (prom-client). Events are counted where they happen (a job ends, Slack or
 * Jira answers, an HTTP request finishes); state (grants, outbox, queues, chain head) is read when scraped, by the
 * collectors registered in src/metrics/state-gauges.ts. One registry per process, so every adapter records into it.
 */
import { Counter, Histogram, Registry } from 'prom-client';

export const metricsRegistry = new Registry();

/** Seconds: from a fast Postgres answer to a Slack or Jira call near its timeout. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A latency histogram in this process's registry. */
function latency<L extends string>(name: string, help: string, labelNames: readonly L[]): Histogram<L> {
  return new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers: [metricsRegistry] });
}

/** A counter in this process's registry. */
function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  return new Counter({ name, help, labelNames, registers: [metricsRegistry] });
}

export const httpDuration = latency(
  'grantdesk_http_request_duration_seconds',
  'HTTP requests by route pattern, method and status',
  ['route', 'method', 'status'],
);

export const jobDuration = latency(
  'grantdesk_job_duration_seconds',
  'BullMQ jobs by queue, job name and outcome (completed or failed)',
  ['queue', 'job', 'outcome'],
);

export const jobFailures = counter(
  'grantdesk_job_failures_total',
  'Failed job attempts by queue and job name; final is "true" when no retry is left',
  ['queue', 'job', 'final'],
);

export const externalCallDuration = latency(
  'grantdesk_external_call_duration_seconds',
  'Calls to Slack and Jira by service, method and outcome (ok or the error kind)',
  ['service', 'method', 'outcome'],
);

export const externalCallErrors = counter(
  'grantdesk_external_call_errors_total',
  'Failed calls to Slack and Jira by service, method and error',
  ['service', 'method', 'error'],
);

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
