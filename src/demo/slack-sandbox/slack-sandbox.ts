/**
 * The Slack sandbox: one HTTP server on 127.0.0.1 that is Slack to the app and a Slack client to a person. The app
 * calls its Web API (`/api/<method>`), uploads files to it and posts to its response_urls; the page at `/` shows the
 * pretend workspace and turns what the person does into the signed requests Slack would send to the app's
 * `/slack/events`. Nothing in the app knows it is talking to a sandbox. Beside it, `/console` is the demo's support
 * console page, whose requests under `/console/` go to the console the demo attaches (attachConsole).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { keepConnectionsAlive } from '../../http/keep-alive.ts';
import { parseActionInput } from './action-input.ts';
import { type DemoAction, DemoActions } from './demo-action.ts';
import { EmojiImages } from './emoji-images.ts';
import { LiveUpdates } from './live-updates.ts';
import { type InteractionResult, SandboxInteractions } from './sandbox-interactions.ts';
import { SlackAppClient } from './slack-app-client.ts';
import { SlackWorkspace } from './slack-workspace.ts';
import { StaticAssets } from './static-assets.ts';
import { viewerSnapshot } from './viewer-snapshot.ts';
import { readBody, sendJson, sendText } from './web-api-request.ts';
import { serveWebApi } from './web-api-routes.ts';
import type { AppIdentity, TeamInfo, WorkspaceChannel, WorkspacePerson } from './workspace-model.ts';
import { WorkspaceSaver } from './workspace-saver.ts';

export interface SlackSandboxOptions {
  /** Shared with the app (SLACK_SIGNING_SECRET): every request to it is signed with this. */
  signingSecret: string;
  /** The bot token the app must present (SLACK_BOT_TOKEN). */
  botToken: string;
  people: readonly WorkspacePerson[];
  channels: readonly WorkspaceChannel[];
  usergroups?: Readonly<Record<string, readonly string[]>>;
  team?: TeamInfo;
  app?: AppIdentity;
  commands?: readonly string[];
  demoActions?: readonly DemoAction[];
  /** 0 (the default) picks a free port; another port is taken, and a free one used instead, only when it is busy. */
  port?: number;
  /** A JSON file to keep the workspace in between runs; in memory only when left out. */
  savePath?: string;
}

/** Answers the support console page's requests (under `/console/`). */
export type ConsoleHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** What the page sends is a line typed or a modal's values: a megabyte is generous. */
const MAX_PAGE_BODY_BYTES = 1024 * 1024;

export class SlackSandbox {
  /** The page to open. */
  readonly url: string;
  /** The port asked for, when it was busy and the sandbox listens on another one instead. */
  readonly busyPort: number | undefined;
  /** SLACK_API_URL for the app. */
  readonly apiUrl: string;
  readonly workspace: SlackWorkspace;

  private readonly client: SlackAppClient;
  private readonly interactions: SandboxInteractions;
  private readonly live: LiveUpdates;
  private readonly demoActions: DemoActions;
  private readonly assets = new StaticAssets(new URL('./public/', import.meta.url));
  private readonly emoji = new EmojiImages();
  private readonly saver: WorkspaceSaver | undefined;
  private console: ConsoleHandler | undefined;

  private constructor(
    private readonly server: Server,
    options: SlackSandboxOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.busyPort = options.port && options.port !== port ? options.port : undefined;
    const origin = `http://127.0.0.1:${port}`;
    this.url = `${origin}/`;
    this.apiUrl = `${origin}/api/`;
    this.workspace = new SlackWorkspace({
      origin,
      token: options.botToken,
      keepCalls: 500,
      ...(options.team ? { team: options.team } : {}),
      ...(options.app ? { app: options.app } : {}),
    });
    const { directory } = this.workspace;
    for (const person of options.people) directory.addPerson(person);
    for (const channel of options.channels) directory.addChannel(channel);
    for (const [id, members] of Object.entries(options.usergroups ?? {})) directory.setUsergroup(id, members);
    this.client = new SlackAppClient(options.signingSecret);
    this.interactions = new SandboxInteractions(this.workspace, this.client, options.commands);
    this.live = new LiveUpdates((viewerId) =>
      viewerSnapshot(this.workspace, viewerId, {
        demoActions: this.demoActions.states(),
        appConnected: this.client.connected,
      }),
    );
    this.demoActions = new DemoActions(options.demoActions ?? [], () => this.live.changed());
    this.saver = options.savePath ? new WorkspaceSaver(this.workspace, options.savePath) : undefined;
    this.workspace.onChange(() => {
      this.live.changed();
      this.saver?.changed();
    });
    server.on('request', (request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendText(response, 500, String(error));
        else response.end();
      });
    });
  }

  static async start(options: SlackSandboxOptions): Promise<SlackSandbox> {
    const server = keepConnectionsAlive(createServer());
    try {
      await listen(server, options.port ?? 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      await listen(server, 0);
    }
    const sandbox = new SlackSandbox(server, options);
    await sandbox.saver?.load();
    return sandbox;
  }

  /** Points the sandbox at the app's request URL (`…/slack/events`), as the manifest does for Slack. */
  connectApp(requestUrl: string): void {
    this.client.connect(requestUrl);
    this.live.changed();
  }

  disconnectApp(): void {
    this.client.disconnect();
    this.live.changed();
  }

  /** The support console behind `/console/` (it needs Grantdesk, which starts after the sandbox). */
  attachConsole(handler: ConsoleHandler): void {
    this.console = handler;
  }

  async close(): Promise<void> {
    await this.saver?.flush();
    this.live.close();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const path = url.pathname;
    if (await serveWebApi(this.workspace, request, response, url)) return;
    if (path.startsWith('/console/')) {
      if (this.console) return this.console(request, response);
      return sendText(response, 503, 'The support console starts once Grantdesk is up.');
    }
    if (request.method === 'GET') {
      if (path === '/' && (await this.assets.serve(response, 'index.html'))) return;
      if (path === '/console' && (await this.assets.serve(response, 'console.html'))) return;
      if (path.startsWith('/assets/') && (await this.assets.serve(response, path.slice('/assets/'.length)))) return;
      if (path.startsWith('/emoji/') && path.endsWith('.svg')) {
        if (await this.emoji.serve(response, path.slice('/emoji/'.length, -'.svg'.length))) return;
      }
      if (path === '/sandbox/events') return this.live.subscribe(this.viewerOf(url), response);
      if (path === '/sandbox/state') return sendJson(response, this.snapshot(this.viewerOf(url)));
      if (path.startsWith('/sandbox/files/'))
        return this.file(decodeURIComponent(path.slice('/sandbox/files/'.length)), response);
    }
    if (request.method === 'POST' && path.startsWith('/sandbox/')) return this.pageAction(path, request, response);
    sendText(response, 404, 'not found');
  }

  private file(fileId: string, response: ServerResponse) {
    const file = this.workspace.files.get(fileId);
    if (!file) return sendText(response, 404, 'not found');
    const image = file.mimetype.startsWith('image/');
    response.writeHead(200, {
      'content-type': file.mimetype,
      'content-disposition': `${image ? 'inline' : 'attachment'}; filename="${file.filename.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      // An uploaded SVG or HTML file must not run script in the sandbox's origin.
      'content-security-policy': 'sandbox',
    });
    response.end(file.bytes);
  }

  /** What the page asks for on the person's behalf. JSON only, so another site's form cannot post here. */
  private async pageAction(path: string, request: IncomingMessage, response: ServerResponse) {
    if (!request.headers['content-type']?.startsWith('application/json')) return sendText(response, 415, 'JSON only');
    let input: Record<string, unknown>;
    try {
      input = JSON.parse((await readBody(request, MAX_PAGE_BODY_BYTES)).toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendText(response, 400, 'not a JSON body of at most 1 MB');
    }
    if (path.startsWith('/sandbox/demo/')) {
      return sendJson(response, await this.demoActions.run(decodeURIComponent(path.slice('/sandbox/demo/'.length))));
    }
    const as = typeof input.as === 'string' ? input.as : '';
    if (!this.workspace.directory.person(as))
      return sendJson(response, { ok: false, error: `No one in the sandbox is ${as}.` }, 400);
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    const values = (value: unknown) =>
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
    let result: InteractionResult;
    switch (path) {
      case '/sandbox/type':
        result = await this.interactions.type(
          as,
          text(input.channel),
          text(input.text),
          text(input.threadTs) || undefined,
        );
        break;
      case '/sandbox/act': {
        const action = parseActionInput(input);
        result = action
          ? await this.interactions.act(as, action)
          : { ok: false, error: 'Not a click the sandbox knows.' };
        break;
      }
      case '/sandbox/submit':
        result = await this.interactions.submit(as, text(input.viewId), values(input.values));
        break;
      case '/sandbox/close':
        result = await this.interactions.close(as, text(input.viewId));
        break;
      case '/sandbox/home':
        result = await this.interactions.openHome(as);
        break;
      default:
        return sendText(response, 404, 'not found');
    }
    sendJson(response, result);
  }

  private viewerOf(url: URL): string {
    const as = url.searchParams.get('as') ?? '';
    return this.workspace.directory.person(as) ? as : (this.workspace.directory.allPeople()[0]?.id ?? '');
  }

  private snapshot(viewerId: string) {
    return viewerSnapshot(this.workspace, viewerId, {
      demoActions: this.demoActions.states(),
      appConnected: this.client.connected,
    });
  }
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve();
    });
  });
}
