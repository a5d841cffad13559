/**
 * The sandbox page's files, served as they are from public/ (plain HTML, CSS and ES modules: no build step). Only
 * files directly in that folder with a known type are served, so a request path can never reach anything else.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/**
 * The page loads only its own scripts and styles; images may come from anywhere (Block Kit image blocks point at
 * any http(s) URL). Together with rendering text as text, never as HTML, this keeps app-supplied content inert.
 */
const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data: http: https:; style-src 'self'; script-src 'self'; object-src 'none'; " +
  "base-uri 'none'; frame-ancestors 'none'";

export class StaticAssets {
  private readonly names: ReadonlySet<string>;

  constructor(private readonly directory: URL) {
    this.names = new Set(
      readdirSync(directory, { withFileTypes: true })
        .filter((entry) => entry.isFile() && TYPES[extensionOf(entry.name)] !== undefined)
        .map((entry) => entry.name),
    );
  }

  /** Serves `name` when it is one of the page's files; false otherwise. */
  async serve(response: ServerResponse, name: string): Promise<boolean> {
    if (!this.names.has(name)) return false;
    const body = await readFile(new URL(name, this.directory));
    response.writeHead(200, {
      'content-type': TYPES[extensionOf(name)]!,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      ...(name.endsWith('.html') ? { 'content-security-policy': PAGE_POLICY } : {}),
    });
    response.end(body);
    return true;
  }
}

function extensionOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}
