import type { ServerResponse } from 'node:http';
import express, { type RequestHandler, type Router } from 'express';
import { Registry } from 'prom-client';
import { httpDuration, metricsRegistry } from '../metrics/instruments.ts';
import { registerStateGauges, type StateSources } from '../metrics/state-gauges.ts';

/** GET /metrics in Prometheus text format: the process's instruments, then the state read at scrape time. */
export function metricsRoutes(sources: StateSources): Router {
  const state = new Registry();
  registerStateGauges(state, sources);
  const router = express.Router();
  router.get('/metrics', async (_req, res, next) => {
    try {
      const [events, gauges] = await Promise.all([metricsRegistry.metrics(), state.metrics()]);
      res.set('Content-Type', metricsRegistry.contentType).send(`${events}\n${gauges}`);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

/**
 * Times every HTTP request into grantdesk_http_request_duration_seconds, labelled by the route's pattern (never the
 * raw path, whose ids would make a series per session) or `unmatched`.
 */
export function measureHttp(): RequestHandler {
  return (req, res, next) => {
    timeResponse(res, () => ({
      // The route's own path: serve mounts every router at the root and each names its paths in full. By the time a
      // response finishes, req.baseUrl is that of the last layer that ran, which for an API error is the handler
      // mounted at /api/v1: prefixed with it, every refusal was counted under /api/v1/api/v1/….
      route: req.route?.path ? String(req.route.path) : 'unmatched',
      method: req.method,
    }));
    next();
  };
}

/**
 * Times one response into grantdesk_http_request_duration_seconds, from now until it has been handed to the
 * connection, with the labels `labelsOf` gives then and its status: measureHttp's for the Express routes, and the
 * session check's for its fast path, which Express never sees.
 */
export function timeResponse(res: ServerResponse, labelsOf: () => { route: string; method: string }): void {
  const end = httpDuration.startTimer();
  res.once('finish', () => end({ ...labelsOf(), status: String(res.statusCode) }));
}
