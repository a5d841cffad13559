// Types for mrkdwn.js, so TypeScript tests can import the browser module (it is plain JS: the page has no build step).

export type MrkdwnNode =
  | { type: 'text'; text: string }
  | { type: 'br' }
  | { type: 'bold' | 'italic' | 'strike' | 'quote'; children: MrkdwnNode[] }
  | { type: 'code' | 'pre'; text: string }
  | { type: 'emoji'; name: string; char: string }
  | { type: 'user' | 'channel' | 'usergroup'; id: string; label: string | null }
  | { type: 'special'; name: string; label: string | null }
  | { type: 'link'; url: string; label: string }
  | { type: 'date'; unix: number; format: string; link: string | null; fallback: string };

export function parseMrkdwn(text: string): MrkdwnNode[];
export function decodeEntities(text: string): string;
export function safeUrl(text: string): string | null;
/** Needs a DOM (the page); returns a DocumentFragment. */
export function renderMrkdwn(text: string, context?: object): unknown;
