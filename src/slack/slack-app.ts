/**
 * The Bolt app: listeners registered on a receiver. HTTP mode (the default) verifies Slack's signature on every
 * request (a forged or stale one gets 401 before any listener runs) and exposes an Express router that the caller
 * mounts on its own server at /slack/events, beside the REST API and health checks on PORT. With SLACK_APP_TOKEN,
 * Socket Mode instead: Slack is reached over a WebSocket and nothing is mounted.
 */
import { App, ExpressReceiver, SocketModeReceiver } from '@slack/bolt';
import express, { type IRouter } from 'express';
import type { Logger } from '../logger.ts';
import { boltLogger } from './bolt-logger.ts';
import { registerListeners } from './listeners/index.ts';
import type { ListenerDeps } from './listeners/listener-deps.ts';
import { slackRequestGuard } from './slack-request-guard.ts';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackAppOptions {
  botToken: string;
  signingSecret: string;
  /** Set: Socket Mode. */
  appToken: string | undefined;
  /** SLACK_API_URL: where the Web API client sends its calls. */
  apiUrl: string;
  logger: Logger;
  deps: ListenerDeps;
}

export interface SlackApp {
  app: App;
  /** HTTP mode: the router to mount; null in Socket Mode. */
  router: IRouter | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackApp {
  const logger = boltLogger(options.logger);
  const receiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logger })
    : new ExpressReceiver({
        signingSecret: options.signingSecret,
        endpoints: SLACK_EVENTS_PATH,
        // ack() answers Slack at once; the listener carries on after it.
        processBeforeResponse: false,
        logger,
      });
  const app = new App({
    token: options.botToken,
    receiver,
    logger,
    clientOptions: { slackApiUrl: options.apiUrl },
    // Listeners keep no conversation state, so Bolt need not look any up per request.
    convoStore: false,
  });
  registerListeners(app, options.deps);
  app.error(async (error) => logger.error('unhandled error in a Slack listener', error));
  if (receiver instanceof ExpressReceiver) {
    // Express serves the router; there is no connection of Bolt's own to open or close.
    const router = express.Router();
    router.post(SLACK_EVENTS_PATH, ...slackRequestGuard(options.logger));
    router.use(receiver.router);
    return { app, router, start: async () => undefined, stop: async () => undefined };
  }
  return {
    app,
    router: null,
    start: async () => void (await app.start()),
    stop: async () => void (await app.stop()),
  };
}
