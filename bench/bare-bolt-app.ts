/**
 * The baseline of bench/slack-ack: a Bolt app on the same receiver as Grantdesk's (ExpressReceiver on an Express
 * server, signature verification, the same client options) whose /grant listener only acknowledges. Run as its own
 * process, as Grantdesk is, so each has an event loop of its own.
 *
 *   PORT=… SLACK_SIGNING_SECRET=… SLACK_API_URL=… node --import tsx bench/bare-bolt-app.ts
 */
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { createLogger } from '../src/logger.ts';
import { boltLogger } from '../src/slack/bolt-logger.ts';

const logger = boltLogger(createLogger('silent'));
const receiver = new ExpressReceiver({
  signingSecret: process.env.SLACK_SIGNING_SECRET ?? '',
  endpoints: '/slack/events',
  logger,
});
const app = new App({
  token: 'xoxb-bench',
  receiver,
  logger,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  convoStore: false,
});
app.command('/grant', async ({ ack }) => {
  await ack();
});
const server = express()
  .use(receiver.router)
  .listen(Number(process.env.PORT), '127.0.0.1', () => {
    console.log('ready');
  });
process.on('SIGTERM', () => server.close(() => process.exit(0)));
