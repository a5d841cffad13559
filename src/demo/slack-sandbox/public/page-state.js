// What the sandbox page's modules share: the state of the page, talking to the sandbox server, and helpers over the
// snapshot it pushes. `hooks` lets modules ask for a redraw without importing the module that draws.
import { el } from './dom.js';
import { confirmDialog } from './modal.js';

export const HOME = 'app-home';

export const state = {
  viewer: new URLSearchParams(location.search).get('as') ?? localStorage.getItem('sandbox.viewer'),
  snapshot: null,
  selected: null,
  appTab: 'home',
  thread: null,
  seen: new Map(),
  known: new Set(),
  dismissed: new Set(),
  events: null,
};

/** Set by sandbox.js: redraw everything from the snapshot; tell the app its Home tab was opened. */
export const hooks = { render: () => {}, openHome: () => {} };

export const $ = (id) => document.getElementById(id);

export async function post(path, body) {
  try {
    const response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: state.viewer, ...body }),
    });
    const result = await response.json().catch(() => ({ ok: false, error: `HTTP ${response.status}` }));
    if (!result.ok && result.error && !result.errors) toast(result.error, 'error');
    return result;
  } catch (error) {
    toast(`The sandbox did not answer: ${error.message}`, 'error');
    return { ok: false, error: error.message };
  }
}

export function toast(text, kind) {
  const item = el(
    'div',
    { className: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    el('img', { src: '/assets/grantdesk.svg', alt: '', width: 18, height: 18 }),
    el('span', {}, text),
  );
  $('toasts').append(item);
  setTimeout(() => item.remove(), kind === 'error' ? 9000 : 6000);
}

export const seenKey = (channel) => `${state.viewer}:${channel}`;

export const messageKey = (message) => `${message.channel}:${message.ts}:${message.edited?.ts ?? ''}`;

export const isTopLevel = (message) => !message.thread_ts || message.thread_ts === message.ts;

export const person = (id) => state.snapshot?.people.find((candidate) => candidate.id === id);

export const appChannel = () => state.snapshot?.channels.find((channel) => channel.kind === 'im');

export function renderContext() {
  return {
    now: new Date(),
    personName: (id) => (id === state.snapshot?.app.userId ? state.snapshot.app.name : person(id)?.realName),
    channelName: (id) => state.snapshot?.channels.find((channel) => channel.id === id)?.name,
    confirm: (dialog, style) => confirmDialog(dialog, style, renderContext()),
  };
}

export function unreadCount(channel) {
  const seen = state.seen.get(seenKey(channel.id)) ?? '0';
  return (state.snapshot.messages[channel.id] ?? []).filter(
    (message) => isTopLevel(message) && message.ts > seen && message.user !== state.viewer,
  ).length;
}

export function markSeen(channelId) {
  const latest = state.snapshot.messages[channelId]?.at(-1)?.ts;
  if (latest) state.seen.set(seenKey(channelId), latest);
}
