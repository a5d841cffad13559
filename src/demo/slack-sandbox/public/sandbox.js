// The sandbox page: a Slack-like client for the pretend workspace. It renders the snapshot the server pushes (over
// Server-Sent Events) for the person being acted as, and sends what that person does to the server, which turns it
// into the signed requests Slack would send the app.
import { renderConversation, renderThread } from './conversation.js';
import { avatar, el } from './dom.js';
import { drawEmojiAsPictures } from './emoji.js';
import { ModalLayer } from './modal.js';
import {
  $,
  appChannel,
  HOME,
  hooks,
  markSeen,
  messageKey,
  person,
  post,
  renderContext,
  seenKey,
  state,
  toast,
  unreadCount,
} from './page-state.js';

/** Waits before reconnecting after the sandbox went away (restarted, say): short at first, then every few seconds. */
const RECONNECT_MS = [500, 1000, 2000, 4000];
let reconnects = 0;
let reconnectTimer;

function connect() {
  clearTimeout(reconnectTimer);
  state.events?.close();
  const events = new EventSource(`/sandbox/events?as=${encodeURIComponent(state.viewer ?? '')}`);
  state.events = events;
  events.addEventListener('snapshot', (event) => {
    const snapshot = JSON.parse(event.data);
    const first = !state.snapshot || state.snapshot.me !== snapshot.me;
    state.snapshot = snapshot;
    if (first) adoptViewer();
    draw();
  });
  events.addEventListener('open', () => {
    reconnects = 0;
    setConnection();
  });
  events.addEventListener('error', () => {
    setConnection('reconnecting…');
    // The browser retries a dropped stream by itself, but gives up for good when a retry is refused (the sandbox
    // still stopped): from then on the page keeps trying, so an open tab comes back when the sandbox does.
    if (events.readyState !== EventSource.CLOSED) return;
    const wait = RECONNECT_MS[Math.min(reconnects, RECONNECT_MS.length - 1)];
    reconnects += 1;
    reconnectTimer = setTimeout(connect, wait);
  });
}

// A click is a press and a release on the same element. A redraw between the two replaces the element and the
// browser drops the click, so a snapshot that arrives while a button is held is drawn once it is released (after the
// click it completes: the click is dispatched in the same task as the release).
let pressing = false;
let drawWhenReleased = false;
addEventListener('pointerdown', () => (pressing = true), true);
const release = () => {
  pressing = false;
  if (!drawWhenReleased) return;
  drawWhenReleased = false;
  setTimeout(() => state.snapshot && render());
};
addEventListener('pointerup', release, true);
addEventListener('pointercancel', release, true);
// The window losing focus mid-press (another window raised) ends the press too; an element's blur does not.
addEventListener('blur', (event) => event.target === window && release());

function draw() {
  if (pressing) drawWhenReleased = true;
  else render();
}

function setConnection(problem) {
  const label = $('connection');
  const starting = state.snapshot && !state.snapshot.appConnected;
  label.textContent = problem ?? (starting ? 'starting Grantdesk…' : 'live');
  label.className = `topbar-note${problem || starting ? ' topbar-note-warn' : ''}`;
  document.body.dataset.connection = problem ? 'lost' : starting ? 'starting' : 'live';
}

/** On the first snapshot for a person: remember them, and count nothing already there as new. */
function adoptViewer() {
  const snapshot = state.snapshot;
  state.viewer = snapshot.me;
  localStorage.setItem('sandbox.viewer', snapshot.me);
  const url = new URL(location.href);
  url.searchParams.set('as', snapshot.me);
  history.replaceState(null, '', url);
  for (const [channel, messages] of Object.entries(snapshot.messages)) {
    if (!state.seen.has(seenKey(channel))) state.seen.set(seenKey(channel), messages.at(-1)?.ts ?? '0');
    for (const message of messages) state.known.add(messageKey(message));
  }
  if (!state.selected || !snapshot.channels.some((c) => c.id === state.selected || state.selected === HOME)) {
    state.selected = snapshot.channels[0]?.id ?? null;
  }
  if (state.selected === HOME) openHome();
}

function switchViewer(id) {
  if (id === state.viewer) return;
  state.viewer = id;
  state.thread = null;
  state.snapshot = null;
  // Shown at once; the page is this person's (body[data-viewer]) when their first snapshot has been drawn.
  delete document.body.dataset.viewer;
  for (const chip of document.querySelectorAll('.person-chip')) {
    chip.classList.toggle('person-chip-active', chip.dataset.personId === id);
    chip.setAttribute('aria-pressed', String(chip.dataset.personId === id));
  }
  connect();
}

function render() {
  setConnection();
  renderPeople();
  renderDemoActions();
  const conversationId = state.selected === HOME ? appChannel()?.id : state.selected;
  if (conversationId && !(state.selected === HOME && state.appTab === 'home')) markSeen(conversationId);
  renderSidebar();
  renderConversation();
  renderThread();
  modal.show(state.snapshot.modal);
  // What a script driving the page (the browser test) waits for: whose view is drawn, and which conversation.
  document.body.dataset.viewer = state.viewer;
}

function renderPeople() {
  const nav = $('people');
  nav.replaceChildren(
    el('span', { className: 'topbar-label' }, 'Act as'),
    ...state.snapshot.people.map((candidate) =>
      el(
        'button',
        {
          type: 'button',
          className: `person-chip${candidate.id === state.viewer ? ' person-chip-active' : ''}`,
          title: `${candidate.realName} · ${candidate.title}`,
          'aria-pressed': String(candidate.id === state.viewer),
          dataset: { personId: candidate.id },
          onclick: () => switchViewer(candidate.id),
        },
        avatar(candidate, 22),
        el(
          'span',
          { className: 'person-chip-text' },
          el('span', { className: 'person-chip-name' }, candidate.realName.split(' ')[0]),
          el('span', { className: 'person-chip-role' }, candidate.title),
        ),
      ),
    ),
  );
}

function renderDemoActions() {
  $('demo-actions').replaceChildren(
    ...state.snapshot.demoActions.map((action) =>
      el(
        'button',
        {
          type: 'button',
          className: `button button-demo${action.running ? ' button-busy' : ''}`,
          disabled: Boolean(action.disabledReason) || action.running,
          title: action.disabledReason ?? action.description,
          // running, then ok or failed: how the last run went stays on the button after its toast has gone.
          dataset: {
            demoAction: action.id,
            state: action.running ? 'running' : action.lastResult ? (action.lastResult.ok ? 'ok' : 'failed') : 'idle',
          },
          onclick: async () => {
            const result = await post(`/sandbox/demo/${encodeURIComponent(action.id)}`, {});
            if (result.ok) toast(result.message, 'info');
          },
        },
        action.running ? `${action.label}…` : action.label,
      ),
    ),
  );
}

function renderSidebar() {
  const { snapshot } = state;
  const item = (id, label, icon, unread) =>
    el(
      'button',
      {
        type: 'button',
        className: `sidebar-item${state.selected === id ? ' sidebar-item-active' : ''}${unread ? ' sidebar-item-unread' : ''}`,
        dataset: { conversation: id },
        onclick: () => select(id),
      },
      icon,
      el('span', { className: 'sidebar-item-name' }, label),
      unread ? el('span', { className: 'badge' }, String(unread)) : null,
    );
  const channels = snapshot.channels.filter((channel) => channel.kind === 'channel');
  const dm = appChannel();
  $('sidebar').replaceChildren(
    el('div', { className: 'sidebar-team' }, snapshot.team.name),
    el('div', { className: 'sidebar-section' }, 'Channels'),
    ...channels.map((channel) =>
      item(channel.id, channel.name, el('span', { className: 'sidebar-hash' }, '#'), unreadCount(channel)),
    ),
    el('div', { className: 'sidebar-section' }, 'Apps'),
    item(
      HOME,
      snapshot.app.name,
      el('img', { src: '/assets/grantdesk.svg', alt: '', width: 18, height: 18 }),
      dm ? unreadCount(dm) : 0,
    ),
    el(
      'div',
      { className: 'sidebar-you' },
      avatar(person(state.viewer), 28),
      el(
        'div',
        {},
        el('strong', {}, person(state.viewer)?.realName ?? ''),
        el('div', {}, person(state.viewer)?.title ?? ''),
      ),
    ),
  );
}

function select(id) {
  state.selected = id;
  state.thread = null;
  if (id === HOME && state.appTab === 'home') openHome();
  render();
}

function openHome() {
  // Slack tells the app each time someone opens its Home tab; the app answers by publishing the view.
  post('/sandbox/home', {});
}

const modal = new ModalLayer($('modal-layer'), {
  submit: (viewId, values) => post('/sandbox/submit', { viewId, values }),
  close: (viewId) => post('/sandbox/close', { viewId }),
  act: (input) => post('/sandbox/act', input),
  renderContext,
});

drawEmojiAsPictures(document.body);
hooks.render = render;
hooks.openHome = openHome;
connect();
