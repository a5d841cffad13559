/**
 * A small Jira for the demo: it answers the two REST v2 calls Grantdesk makes (read an issue, comment on it) with
 * Jira's JSON shapes, checks the bearer token as Jira Data Center does, and serves a plain page per ticket at
 * `/browse/<KEY>` (where the links on Grantdesk's cards point) showing the comments Grantdesk left.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface DemoTicket {
  key: string;
  summary: string;
  status: string;
  statusCategory: StatusCategory;
  assignee: string | null;
}

interface StoredTicket extends DemoTicket {
  id: string;
  comments: { id: string; body: string; created: string }[];
}

export const DEMO_TICKETS: readonly DemoTicket[] = [
  {
    key: 'OPS-101',
    summary: 'Invoice export fails for acme-corp',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Riley Chen',
  },
  {
    key: 'OPS-102',
    summary: 'Globex: SSO login loop after IdP certificate rotation',
    status: 'To Do',
    statusCategory: 'new',
    assignee: 'Riley Chen',
  },
  {
    key: 'OPS-103',
    summary: 'Bulk user import stuck at 80% on several tenants',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Sam Patel',
  },
  {
    key: 'OPS-104',
    summary: 'Initech: webhook deliveries delayed by hours',
    status: 'In Progress',
    statusCategory: 'indeterminate',
    assignee: 'Sam Patel',
  },
  {
    key: 'OPS-105',
    summary: 'Umbrella: restore a deleted project',
    status: 'Done',
    statusCategory: 'done',
    assignee: 'Riley Chen',
  },
  {
    key: 'OPS-106',
    summary: 'Hooli: check the billing plan migration',
    status: 'Done',
    statusCategory: 'done',
    assignee: null,
  },
];

const CATEGORIES: Record<StatusCategory, { id: number; name: string; colorName: string }> = {
  new: { id: 2, name: 'To Do', colorName: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', colorName: 'yellow' },
  done: { id: 3, name: 'Done', colorName: 'green' },
};

const ISSUE_PATH = /^\/rest\/api\/2\/issue\/([^/]+)$/;
const COMMENT_PATH = /^\/rest\/api\/2\/issue\/([^/]+)\/comment$/;
const BROWSE_PATH = /^\/browse\/([^/]+)$/;

export class DemoJira {
  private readonly tickets = new Map<string, StoredTicket>();
  private nextId = 10_000;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly token: string,
    tickets: readonly DemoTicket[],
  ) {
    for (const ticket of tickets) this.tickets.set(ticket.key, { ...ticket, id: String(this.nextId++), comments: [] });
    server.on('request', (request, response) => {
      this.handle(request, response).catch(() => answer(response, 500, { errorMessages: ['Internal error'] }));
    });
  }

  /** Listens on a free port of 127.0.0.1; `token` is the personal access token Grantdesk must send (JIRA_PAT). */
  static async start(token: string, tickets: readonly DemoTicket[] = DEMO_TICKETS): Promise<DemoJira> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new DemoJira(server, `http://127.0.0.1:${port}`, token, tickets);
  }

  comments(key: string): string[] {
    return (this.tickets.get(key)?.comments ?? []).map((comment) => comment.body);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const browse = BROWSE_PATH.exec(url.pathname);
    if (browse && request.method === 'GET') return this.browse(decodeURIComponent(browse[1]!), response);
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      return answer(response, 401, { errorMessages: ['Client must be authenticated to access this resource.'] });
    }
    const issue = ISSUE_PATH.exec(url.pathname);
    if (issue && request.method === 'GET') return this.readIssue(decodeURIComponent(issue[1]!), url, response);
    const comment = COMMENT_PATH.exec(url.pathname);
    if (comment && request.method === 'POST') {
      return this.addComment(decodeURIComponent(comment[1]!), await readBody(request), response);
    }
    answer(response, 404, { errorMessages: [`null for uri: ${url.href}`] });
  }

  private readIssue(key: string, url: URL, response: ServerResponse) {
    const ticket = this.tickets.get(key.toUpperCase());
    if (!ticket) return notFound(response);
    const category = CATEGORIES[ticket.statusCategory];
    const fields: Record<string, unknown> = {
      summary: ticket.summary,
      status: { name: ticket.status, statusCategory: { key: ticket.statusCategory, ...category } },
      assignee: ticket.assignee === null ? null : { displayName: ticket.assignee, active: true },
      project: { key: ticket.key.split('-')[0], name: 'Operations' },
    };
    // Like Jira: `fields` lists the fields to return; absent or `*all` returns them all.
    const wanted = url.searchParams.get('fields')?.split(',') ?? ['*all'];
    const shown = wanted.includes('*all') ? fields : Object.fromEntries(wanted.map((name) => [name, fields[name]]));
    answer(response, 200, {
      id: ticket.id,
      self: `${this.url}/rest/api/2/issue/${ticket.id}`,
      key: ticket.key,
      fields: shown,
    });
  }

  private addComment(key: string, raw: string, response: ServerResponse) {
    const ticket = this.tickets.get(key.toUpperCase());
    if (!ticket) return notFound(response);
    let body: unknown;
    try {
      body = (JSON.parse(raw) as { body?: unknown }).body;
    } catch {
      return answer(response, 400, { errorMessages: ['Unexpected character in request body'] });
    }
    if (typeof body !== 'string' || body.trim() === '') {
      return answer(response, 400, { errorMessages: [], errors: { comment: 'Comment body can not be empty!' } });
    }
    const comment = { id: String(this.nextId++), body, created: new Date().toISOString().replace('Z', '+0000') };
    ticket.comments.push(comment);
    answer(response, 201, { self: `${this.url}/rest/api/2/issue/${ticket.id}/comment/${comment.id}`, ...comment });
  }

  private browse(key: string, response: ServerResponse): void {
    const ticket = this.tickets.get(key.toUpperCase());
    if (!ticket) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(`${key} does not exist in the demo Jira.`);
      return;
    }
    const comments = ticket.comments.map(
      (comment) => `<li><time>${escapeHtml(comment.created)}</time><pre>${escapeHtml(comment.body)}</pre></li>`,
    );
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(ticket.key)}</title>
<style>body{font:15px system-ui,sans-serif;max-width:760px;margin:32px auto;color:#172b4d}pre{white-space:pre-wrap;
background:#f4f5f7;padding:8px;border-radius:4px}.status{display:inline-block;padding:2px 8px;border-radius:3px;
background:#dfe1e6;font-size:12px;font-weight:700;text-transform:uppercase}li{list-style:none;margin:12px 0}</style>
</head><body><p>Demo Jira · Operations</p><h1>${escapeHtml(ticket.key)}: ${escapeHtml(ticket.summary)}</h1>
<p><span class="status">${escapeHtml(ticket.status)}</span> · Assignee: ${escapeHtml(ticket.assignee ?? 'Unassigned')}</p>
<h2>Comments (${ticket.comments.length})</h2><ul>${comments.join('') || '<li>No comments yet.</li>'}</ul></body></html>`);
  }
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
  response.end(JSON.stringify(body));
}

function notFound(response: ServerResponse): void {
  answer(response, 404, {
    errorMessages: ['Issue does not exist or you do not have permission to see it.'],
    errors: {},
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
