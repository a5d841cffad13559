/**
 * The HTTP face of a SlackWorkspace, as the app meets it: the Web API (`/api/<method>`), the upload URLs
 * files.getUploadURLExternal hands out (`/upload/v1/<file id>`) and the response_urls of commands and interactions.
 * The demo's sandbox serves these beside its page; the tests' fake Slack serves them alone.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SlackApiError } from './slack-api-error.ts';
import type { SlackWorkspace } from './slack-workspace.ts';
import { bearerToken, parseApiArgs, readBody, sendJson, sendText, uploadedBytes } from './web-api-request.ts';

/** Answers the request when it is one of the app's to Slack, and says whether it was. */
export async function serveWebApi(
  workspace: SlackWorkspace,
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  if (path.startsWith('/api/')) await webApiCall(workspace, path.slice('/api/'.length), request, url, response);
  else if (path.startsWith('/upload/v1/') && request.method === 'POST')
    await upload(workspace, path, request, response);
  else if (request.method === 'POST' && workspace.responseUrls.isResponsePath(path)) {
    await responseUrl(workspace, path, request, response);
  } else return false;
  return true;
}

async function webApiCall(
  workspace: SlackWorkspace,
  method: string,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
) {
  if (request.method !== 'POST' && request.method !== 'GET') {
    return sendJson(response, workspace.refuse(method, 'invalid_request').body);
  }
  let args: Record<string, unknown>;
  try {
    const raw = await readBody(request);
    args = { ...Object.fromEntries(url.searchParams), ...parseApiArgs(request.headers['content-type'], raw) };
  } catch (error) {
    const code = error instanceof SlackApiError ? error.code : 'invalid_form_data';
    return sendJson(response, workspace.refuse(method, code).body);
  }
  const { token: bodyToken, ...rest } = args;
  const token = bearerToken(request.headers.authorization) ?? (typeof bodyToken === 'string' ? bodyToken : undefined);
  const answer = workspace.call(method, token, rest);
  sendJson(response, answer.body, answer.status, answer.headers);
}

async function upload(workspace: SlackWorkspace, path: string, request: IncomingMessage, response: ServerResponse) {
  const bytes = await uploadedBytes(request.headers['content-type'], await readBody(request));
  if (!workspace.files.receive(path.slice('/upload/v1/'.length), bytes)) return sendText(response, 404, 'not found');
  sendText(response, 200, `OK - ${bytes.length}`);
}

async function responseUrl(
  workspace: SlackWorkspace,
  path: string,
  request: IncomingMessage,
  response: ServerResponse,
) {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((await readBody(request)).toString('utf8')) as Record<string, unknown>;
  } catch {
    return sendText(response, 400, 'invalid_payload');
  }
  const answer = workspace.respond(path, body);
  sendJson(response, answer.body, answer.status);
}
