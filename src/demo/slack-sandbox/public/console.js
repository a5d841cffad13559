// The support console page: a panel per grant the console acts under, drawn from the snapshots the console pushes
// (Server-Sent Events) whenever its middleware's answer changes. "Try an action" sends a request through the
// middleware itself and shows what it answered. Panels are updated in place, so a push never swallows a click.
import { el } from './dom.js';

/** Waits before reconnecting after the demo went away (restarted, say): short at first, then every few seconds. */
const RECONNECT_MS = [500, 1000, 2000, 4000];
let reconnects = 0;
let reconnectTimer;
let snapshot = { streaming: false, panels: [] };
/** Session id → its panel's elements. */
const drawn = new Map();

function connect() {
  clearTimeout(reconnectTimer);
  const events = new EventSource('/console/events');
  events.addEventListener('snapshot', (event) => {
    snapshot = JSON.parse(event.data);
    render();
  });
  events.addEventListener('open', () => {
    reconnects = 0;
  });
  events.addEventListener('error', () => {
    setConnection('lost', 'reconnecting…');
    if (events.readyState !== EventSource.CLOSED) return;
    const wait = RECONNECT_MS[Math.min(reconnects, RECONNECT_MS.length - 1)];
    reconnects += 1;
    reconnectTimer = setTimeout(connect, wait);
  });
}

function setConnection(state, text) {
  document.body.dataset.connection = state;
  const label = document.getElementById('connection');
  label.textContent = text;
  label.classList.toggle('console-note-warn', state !== 'live');
}

function render() {
  setConnection(snapshot.streaming ? 'live' : 'lost', snapshot.streaming ? 'live' : 'Grantdesk unreachable: refusing');
  const section = document.getElementById('panels');
  const ids = new Set(snapshot.panels.map((panel) => panel.sessionId));
  for (const [id, parts] of drawn) {
    if (!ids.has(id)) {
      parts.root.remove();
      drawn.delete(id);
    }
  }
  const roots = snapshot.panels.map((panel) => {
    const parts = drawn.get(panel.sessionId) ?? newPanel(panel);
    drawn.set(panel.sessionId, parts);
    update(parts, panel);
    return parts.root;
  });
  if (roots.length === 0) {
    section.replaceChildren(
      el('p', { className: 'console-empty' }, 'No grant to act under yet: ask for one in the sandbox.'),
    );
    return;
  }
  // Moved only when the order changed: a panel taken out and put back mid-click would lose the click.
  const inPlace = roots.length === section.children.length && roots.every((root, i) => section.children[i] === root);
  if (!inPlace) section.replaceChildren(...roots);
}

function newPanel(panel) {
  const parts = {
    verdict: el('p', { className: 'panel-verdict' }),
    expires: el('dd'),
    gate: el('code'),
    result: el('output', { className: 'panel-result' }),
  };
  const button = el('button', { type: 'button', className: 'panel-try' }, 'Try an action');
  button.addEventListener('click', () => tryAction(panel.sessionId, parts, button));
  const ticket = /^https?:\/\//.test(panel.ticketUrl)
    ? el('a', { href: panel.ticketUrl, target: '_blank' }, panel.ticketReference)
    : panel.ticketReference;
  parts.root = el(
    'article',
    { className: 'panel', dataset: { session: panel.shortCode } },
    el(
      'header',
      { className: 'panel-head' },
      el('h2', {}, panel.targetUser ? `${panel.tenant} · ${panel.targetUser}` : panel.tenant),
      el('span', { className: 'panel-code' }, panel.shortCode),
    ),
    parts.verdict,
    el(
      'dl',
      { className: 'panel-facts' },
      el('dt', {}, 'Staff'),
      el('dd', {}, panel.adminUser),
      el('dt', {}, 'Ticket'),
      el('dd', {}, ticket),
      el('dt', {}, 'Until'),
      parts.expires,
      el('dt', {}, 'Middleware'),
      el('dd', {}, parts.gate),
    ),
    el('footer', { className: 'panel-foot' }, button, parts.result),
  );
  return parts;
}

function update(parts, panel) {
  const state = panel.allowed ? 'allowed' : panel.cutOff ? 'cut-off' : 'checking';
  parts.root.dataset.state = state;
  parts.root.dataset.cutOff = panel.cutOff?.reason ?? '';
  const who = panel.targetUser ? `${panel.targetUser} on ${panel.tenant}` : panel.tenant;
  parts.verdict.textContent =
    state === 'allowed'
      ? `Acting as ${who}: allowed`
      : state === 'cut-off'
        ? `Cut off: ${panel.cutOff.label}`
        : 'Checking with Grantdesk…';
  parts.expires.textContent = panel.expiresAt ? new Date(panel.expiresAt).toLocaleTimeString() : '—';
  parts.gate.textContent = panel.gate;
}

/** One request through requireImpersonation, as a staff member's click in a real console would make. */
async function tryAction(sessionId, parts, button) {
  button.disabled = true;
  let status;
  let text;
  try {
    const response = await fetch(`/console/tenant/${encodeURIComponent(sessionId)}/action`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    status = response.status;
    const body = await response.json().catch(() => ({}));
    text = response.ok ? `recorded “${body.action}”` : `${body.error?.code ?? ''}: ${body.error?.message ?? ''}`;
  } catch (error) {
    status = 0;
    text = `the console did not answer: ${error.message}`;
  }
  parts.result.dataset.status = String(status);
  parts.result.textContent = `${status || 'no answer'} · ${text}`;
  button.disabled = false;
}

connect();
