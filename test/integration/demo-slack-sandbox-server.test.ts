/** The sandbox as a web server: the port it listens on, the emoji pictures, the page's content policy and its events. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackSandbox } from '../../src/demo/slack-sandbox/slack-sandbox.ts';
import { CHANNEL, RILEY, SECRET, type StubApp, startSandboxWithApp, TOKEN } from '../support/slack-sandbox-harness.ts';

describe('Slack sandbox: its server', () => {
  let sandbox: SlackSandbox;
  let app: StubApp;

  beforeEach(async () => {
    ({ sandbox, app } = await startSandboxWithApp());
  });

  afterEach(async () => {
    await sandbox.close();
    await app.close();
  });

  it('listens on the port it is given, and on a free one (saying which it wanted) only when that one is busy', async () => {
    const port = Number(new URL(sandbox.url).port);
    await sandbox.close();
    sandbox = await SlackSandbox.start({ signingSecret: SECRET, botToken: TOKEN, people: [RILEY], channels: [], port });
    expect(sandbox.url).toBe(`http://127.0.0.1:${port}/`);
    expect(sandbox.busyPort).toBeUndefined();

    const second = await SlackSandbox.start({
      signingSecret: SECRET,
      botToken: TOKEN,
      people: [RILEY],
      channels: [],
      port,
    });
    try {
      expect(second.busyPort).toBe(port);
      expect(Number(new URL(second.url).port)).not.toBe(port);
      expect((await fetch(second.url)).status).toBe(200);
    } finally {
      await second.close();
    }
  });

  it('serves emoji as pictures, by code points, with or without the emoji presentation selector', async () => {
    for (const name of ['2705', '26a0-fe0f', '26a0', '1f469-200d-1f4bb']) {
      const response = await fetch(new URL(`/emoji/${name}.svg`, sandbox.url));
      expect(response.status, name).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/svg+xml');
      expect(await response.text()).toMatch(
        /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 36 36".*<path/,
      );
    }
    for (const name of ['41', 'zz', '..%2Fslack-sandbox.ts']) {
      expect((await fetch(new URL(`/emoji/${name}.svg`, sandbox.url))).status, name).toBe(404);
    }
  });

  it('serves the page with a strict content policy and pushes snapshots over Server-Sent Events', async () => {
    const html = await fetch(sandbox.url);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await fetch(new URL('/assets/../slack-sandbox.ts', sandbox.url)).then((r) => r.status)).toBe(404);

    const controller = new AbortController();
    const events = await fetch(new URL(`/sandbox/events?as=${RILEY.id}`, sandbox.url), { signal: controller.signal });
    const reader = (events.body as ReadableStream<Uint8Array>).getReader();
    // The first event, however the stream was cut into chunks: one chunk may end inside it or hold the next one too.
    const decoder = new TextDecoder();
    let received = '';
    while (!received.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    controller.abort();
    const [firstEvent = ''] = received.split('\n\n');
    const data = firstEvent
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    const snapshot = JSON.parse(data.join('\n') || '{}');
    expect(snapshot).toMatchObject({ me: RILEY.id, appConnected: true, modal: null });
    expect(snapshot.channels.map((c: { id: string }) => c.id)).toEqual([CHANNEL, 'D0RILEY01']);

    const form = await fetch(new URL('/sandbox/type', sandbox.url), {
      method: 'POST',
      body: 'as=U0RILEY01&text=/grant',
    });
    expect(form.status).toBe(415);
  });
});
