// The sandbox page: a Slack-like client for the pretend workspace. It renders the snapshot the server pushes (over
// Server-Sent Events) for the person being acted as, and sends what that person does to the server, which turns it
// into the signed requests Slack would send the app.
import { renderConversation, renderThread } from './conversation.js';
import { avatar, el } from './dom.js';
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

function connect() {
  state.events?.close();
  const events = new EventSource(`/sandbox/events?as=${encodeURIComponent(state.viewer ?? '')}`);
  state.events = events;
  events.addEventListener('snapshot', (event) => {
    const first = !state.snapshot || state.snapshot.me !== JSON.parse(event.data).me;
    state.snapshot = JSON.parse(event.data);
    if (first) adoptViewer();
    render();
  });
  events.addEventListener('open', () => setConnection());
  events.addEventListener('error', () => setConnection('reconnecting…'));
}

function setConnection(problem) {
  const label = $('connection');
  const starting = state.snapshot && !state.snapshot.appConnected;
  label.textContent = problem ?? (starting ? 'starting Grantdesk…' : 'live');
  label.className = `topbar-note${problem || starting ? ' topbar-note-warn' : ''}`;
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
          dataset: { demoAction: action.id },
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

connect();

hooks.render = render;
hooks.openHome = openHome;
connect();
