/**
 * The Bolt app's two modes. HTTP: a router to mount, which answers Slack's URL verification handshake and refuses
 * unsigned requests. Socket Mode: nothing to mount (the connection opens on start, not tested here: it needs Slack).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { createSlackApp } from '../../src/slack/slack-app.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/fake-slack.ts';
import { createHarness, type Harness } from '../support/services-harness.ts';
import { postToSlackEndpoint } from '../support/slack-request.ts';

const SECRET = 'app-test-secret';
let h: Harness;
let fake: FakeSlack;

beforeAll(async () => {
  h = await createHarness();
  fake = await startFakeSlack();
});

afterAll(async () => {
  await fake.stop();
  await h.db.drop();
});

function slackApp(appToken?: string) {
  return createSlackApp({
    botToken: 'xoxb-test',
    signingSecret: SECRET,
    appToken,
    apiUrl: fake.url,
    logger: createLogger('silent'),
    deps: {
      services: h.services,
      policy: h.policy,
      access: h.access,
      people: { emailOf: async () => null },
      clock: h.clock,
      ticketPolicy: { allowedProjects: [], requireOpen: true },
    },
  });
}

describe('HTTP mode', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const slack = slackApp();
    expect(slack.router).not.toBeNull();
    const app = express().use(slack.router!);
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('answers the URL verification Slack sends when the request URL is saved', async () => {
    const body = JSON.stringify({ token: 't', challenge: 'c-123', type: 'url_verification' });
    const response = await postToSlackEndpoint(url, body, SECRET, { contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: 'c-123' });
  });

  it('serves /slack/events only, and only to signed requests', async () => {
    const unsigned = await fetch(new URL('/slack/events', url), { method: 'POST', body: 'payload=%7B%7D' });
    expect(unsigned.status).toBe(401);
    const elsewhere = await postToSlackEndpoint(url, 'text=', SECRET, { path: '/slack/other' });
    expect(elsewhere.status).toBe(404);
  });
});

describe('Socket Mode', () => {
  it('has nothing to mount on the HTTP server', () => {
    expect(slackApp('xapp-1-test').router).toBeNull();
  });
});
