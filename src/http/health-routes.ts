import type { Router } from 'express';
import express from 'express';
import { withTimeout } from '../with-timeout.ts';

/** A named check for /readyz: resolves when the dependency answers, rejects with the reason when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** Each readiness check gets this long before it counts as failed, so a hung dependency cannot hang the probe. */
const CHECK_TIMEOUT_MS = 2_000;

/** /healthz: the process is up. /readyz: Postgres and the queue backend answer (503 naming what does not). */
export function healthRoutes(checks: ReadinessCheck[]): Router {
  const router = express.Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), CHECK_TIMEOUT_MS, name);
          return [name, 'ok'] as const;
        } catch (error) {
          return [name, (error as Error).message] as const;
        }
      }),
    );
    const ready = results.every(([, status]) => status === 'ok');
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });
  return router;
}
