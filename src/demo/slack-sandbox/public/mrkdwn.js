// Slack's mrkdwn (https://docs.slack.dev/messaging/formatting-message-text), parsed into a small tree and rendered as
// DOM nodes whose text is always set as text, never as HTML: whatever an app or a person wrote shows as written.
// The text arrives Slack-escaped (`&amp;`, `&lt;`, `&gt;`); a raw `<…>` is one of Slack's control sequences.
import { formatSlackDate } from './dates.js';
import { emojiFor } from './emoji.js';

/** Characters standing in for control sequences while formatting is parsed (Unicode private use area). */
const PLACEHOLDER_BASE = 0xe000;
const PLACEHOLDERS = /[\ue000-\uf8ff]/g;
const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const MARKS = { '*': 'bold', _: 'italic', '~': 'strike', '`': 'code' };

/** `&lt;` → `<` and friends: Slack decodes exactly these three. */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The URL when it is http(s) or mailto; null for anything else (`javascript:`, `data:`, garbage). */
export function safeUrl(text) {
  try {
    const url = new URL(text);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Parses mrkdwn into nodes: text, br, bold, italic, strike, code, pre, quote, user, channel, link, date, emoji… */
export function parseMrkdwn(text) {
  const source = String(text ?? '').replace(PLACEHOLDERS, '\ufffd');
  const nodes = [];
  let last = 0;
  for (const match of source.matchAll(/```([\s\S]*?)```/g)) {
    nodes.push(...lines(source.slice(last, match.index)));
    nodes.push({ type: 'pre', text: decodeEntities(match[1].replace(/^\n/, '')) });
    last = match.index + match[0].length;
  }
  nodes.push(...lines(source.slice(last)));
  return nodes;
}

function lines(text) {
  if (text === '') return [];
  const nodes = [];
  let quote = null;
  const rows = text.split('\n');
  rows.forEach((row, index) => {
    const quoted = /^&gt;\s?/.exec(row);
    if (quoted) {
      if (!quote) {
        quote = { type: 'quote', children: [] };
        nodes.push(quote);
      } else quote.children.push({ type: 'br' });
      quote.children.push(...inline(row.slice(quoted[0].length)));
      return;
    }
    quote = null;
    nodes.push(...inline(row));
    if (index < rows.length - 1 && !/^&gt;/.test(rows[index + 1] ?? '')) nodes.push({ type: 'br' });
  });
  return nodes;
}

function inline(text) {
  const controls = [];
  const masked = text.replace(/<([^<>\n]*)>/g, (_, inner) => {
    controls.push(inner);
    return String.fromCharCode(PLACEHOLDER_BASE + controls.length - 1);
  });
  return formatted(masked, controls);
}

const isWordChar = (char) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/** The earliest well-formed `*bold*`, `_italic_`, `~strike~` or `` `code` `` in the text, if any. */
function nextMark(text) {
  let best = null;
  for (const [mark, type] of Object.entries(MARKS)) {
    const escaped = mark === '*' ? '\\*' : mark;
    const pattern = new RegExp(`${escaped}([^${escaped}\\n]+?)${escaped}`, 'g');
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const content = match[1];
      const fits =
        !isWordChar(text[start - 1]) && !isWordChar(text[end]) && !/^\s|\s$/.test(content) && content.length > 0;
      if (fits) {
        if (!best || start < best.start) best = { start, end, content, type };
        break;
      }
    }
  }
  return best;
}

function formatted(text, controls) {
  const nodes = [];
  let rest = text;
  for (;;) {
    const mark = nextMark(rest);
    if (!mark) break;
    nodes.push(...plain(rest.slice(0, mark.start), controls));
    if (mark.type === 'code') nodes.push({ type: 'code', text: decodeEntities(unmask(mark.content, controls)) });
    else nodes.push({ type: mark.type, children: formatted(mark.content, controls) });
    rest = rest.slice(mark.end);
  }
  nodes.push(...plain(rest, controls));
  return nodes;
}

function unmask(text, controls) {
  return text.replace(PLACEHOLDERS, (char) => `<${controls[char.charCodeAt(0) - PLACEHOLDER_BASE] ?? ''}>`);
}

function plain(text, controls) {
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDERS)) {
    nodes.push(...emojiText(text.slice(last, match.index)));
    const inner = controls[match[0].charCodeAt(0) - PLACEHOLDER_BASE];
    if (inner !== undefined) nodes.push(control(inner));
    last = match.index + 1;
  }
  nodes.push(...emojiText(text.slice(last)));
  return nodes;
}

function emojiText(text) {
  if (text === '') return [];
  const nodes = [];
  let last = 0;
  for (const match of text.matchAll(/:([a-z0-9_+-]+):/g)) {
    const char = emojiFor(match[1]);
    if (!char) continue;
    if (match.index > last) nodes.push({ type: 'text', text: decodeEntities(text.slice(last, match.index)) });
    nodes.push({ type: 'emoji', name: match[1], char });
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push({ type: 'text', text: decodeEntities(text.slice(last)) });
  return nodes;
}

/** One `<…>` control sequence: a mention, a channel, a date, a special mention or a link. */
function control(inner) {
  const bar = inner.indexOf('|');
  const head = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? null : decodeEntities(inner.slice(bar + 1));
  if (head.startsWith('@')) return { type: 'user', id: head.slice(1), label };
  if (head.startsWith('#')) return { type: 'channel', id: head.slice(1), label };
  if (head.startsWith('!date^')) {
    const [, unix, format = '', link] = head.split('^');
    return {
      type: 'date',
      unix: Number(unix),
      format: decodeEntities(format),
      link: link ? safeUrl(decodeEntities(link)) : null,
      fallback: label ?? '',
    };
  }
  if (head.startsWith('!subteam^')) return { type: 'usergroup', id: head.slice('!subteam^'.length), label };
  if (head.startsWith('!')) return { type: 'special', name: head.slice(1), label };
  const url = safeUrl(decodeEntities(head));
  const text = label || decodeEntities(head);
  return url ? { type: 'link', url, label: text } : { type: 'text', text };
}

// ── Rendering ─────────────────────────────────────────────────────────────────────────────────────────────────

const TAGS = { bold: 'strong', italic: 'em', strike: 's', quote: 'blockquote' };

/**
 * Renders mrkdwn as a DocumentFragment. `context.personName(id)` and `context.channelName(id)` name mentions;
 * `context.now` is the time dates are relative to.
 */
export function renderMrkdwn(text, context = {}) {
  const fragment = document.createDocumentFragment();
  for (const node of parseMrkdwn(text)) fragment.append(renderNode(node, context));
  return fragment;
}

function span(className, text, title) {
  const element = document.createElement('span');
  element.className = className;
  element.textContent = text;
  if (title) element.title = title;
  return element;
}

function link(url, content) {
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.target = '_blank';
  anchor.rel = 'noopener noreferrer';
  anchor.append(content);
  return anchor;
}

function renderNode(node, context) {
  switch (node.type) {
    case 'text':
      return document.createTextNode(node.text);
    case 'br':
      return document.createElement('br');
    case 'bold':
    case 'italic':
    case 'strike':
    case 'quote': {
      const element = document.createElement(TAGS[node.type]);
      for (const child of node.children) element.append(renderNode(child, context));
      return element;
    }
    case 'code': {
      const element = document.createElement('code');
      element.textContent = node.text;
      return element;
    }
    case 'pre': {
      const element = document.createElement('pre');
      element.textContent = node.text;
      return element;
    }
    case 'emoji':
      return span('emoji', node.char, `:${node.name}:`);
    case 'user':
      return span('mention', `@${node.label ?? context.personName?.(node.id) ?? node.id}`, node.id);
    case 'channel':
      return span('channel-mention', `#${node.label ?? context.channelName?.(node.id) ?? node.id}`);
    case 'usergroup':
      return span('mention', `@${node.label ?? node.id}`);
    case 'special':
      return span('mention special', `@${node.label ?? node.name}`);
    case 'link':
      return link(node.url, document.createTextNode(node.label));
    case 'date': {
      const time = document.createElement('time');
      time.textContent = Number.isFinite(node.unix)
        ? formatSlackDate(node.unix, node.format, context.now)
        : node.fallback;
      time.title = node.fallback;
      return node.link ? link(node.link, time) : time;
    }
    default:
      return document.createTextNode('');
  }
}
