/**
 * The HTTP side of Slack's Web API as clients use it: `POST /api/<method>` with form-encoded or JSON arguments (form
 * fields such as `blocks` carry JSON as a string), the token as a bearer header or a `token` field, and answers as
 * `{ok, error}` JSON envelopes with HTTP 200 even for refusals.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SlackApiError } from './slack-api-error.ts';

export type ApiArgs = Record<string, unknown>;

/** Fields Slack reads as JSON when they arrive form-encoded. */
const JSON_FIELDS = ['blocks', 'view', 'attachments', 'files', 'metadata'];

/** Slack's own cap on a file is 1 GB; the sandbox only ever sees charts and CSVs, so it stops far earlier. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

/** The request's body; rejects (and stops reading) once it passes `maxBytes`. */
export async function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of request) {
    length += (chunk as Buffer).length;
    if (length > maxBytes) {
      request.destroy();
      throw new SlackApiError('request_too_large');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
}

/** Slack's two body encodings: form fields (JSON-valued ones as JSON strings) or a JSON object. */
export function parseApiArgs(contentType: string | undefined, raw: Buffer): ApiArgs {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = raw.toString('utf8');
  let args: ApiArgs;
  if (type === 'application/json') {
    if (text.trim() === '') return {};
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackApiError('invalid_json');
    args = parsed as ApiArgs;
  } else {
    args = Object.fromEntries(new URLSearchParams(text));
  }
  for (const field of JSON_FIELDS) {
    const value = args[field];
    if (typeof value !== 'string') continue;
    try {
      args[field] = JSON.parse(value);
    } catch {
      throw new SlackApiError(field === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments');
    }
  }
  return args;
}

/** The bytes of an upload: the body itself, or the file part of a multipart form (how WebClient sends it). */
export async function uploadedBytes(contentType: string | undefined, raw: Buffer): Promise<Buffer> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) return raw;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  for (const value of form.values()) {
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  }
  const [first] = [...form.values()];
  return Buffer.from(typeof first === 'string' ? first : '');
}

export function sendJson(response: ServerResponse, body: unknown, status = 200, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
