// The conversation pane (a channel, the app's Home tab or its DMs) and the thread pane. Each keeps its composer across
// updates, so live changes never interrupt typing.
import { renderBlocks } from './block-kit.js';
import { el } from './dom.js';
import { dayDivider, emptyState, ephemeralRow, messageRow } from './message-row.js';
import { $, appChannel, HOME, hooks, isTopLevel, messageKey, post, renderContext, state } from './page-state.js';

const SUGGESTIONS = [
  '/grant',
  '/grant acme-corp OPS-101 30m Investigate the failed invoice export',
  '/grant list',
  '/grant help',
];

/** The conversation pane keeps its composer across updates, so typing is never interrupted. */
export function renderConversation() {
  const pane = $('conversation');
  const key = `${state.viewer}:${state.selected}:${state.appTab}`;
  if (pane.dataset.key !== key) {
    pane.dataset.key = key;
    const isHome = state.selected === HOME && state.appTab === 'home';
    const channelId = state.selected === HOME ? appChannel()?.id : state.selected;
    pane.replaceChildren(
      el('div', { className: 'conversation-header', id: 'conversation-header' }),
      el('div', { className: 'messages', id: 'messages', 'aria-live': 'polite' }),
    );
    if (!isHome) pane.append(composer(channelId, null));
  }
  renderConversationHeader();
  if (state.selected === HOME && state.appTab === 'home') renderHome();
  else renderMessages();
}

function renderConversationHeader() {
  const header = $('conversation-header');
  if (state.selected === HOME) {
    const tab = (id, label) =>
      el(
        'button',
        {
          type: 'button',
          role: 'tab',
          className: `tab${state.appTab === id ? ' tab-active' : ''}`,
          'aria-selected': String(state.appTab === id),
          onclick: () => {
            state.appTab = id;
            if (id === 'home') hooks.openHome();
            hooks.render();
          },
        },
        label,
      );
    header.replaceChildren(
      el(
        'div',
        { className: 'conversation-title' },
        el('img', { src: '/assets/grantdesk.svg', alt: '', width: 20, height: 20 }),
        state.snapshot.app.name,
      ),
      el('div', { className: 'tabs', role: 'tablist' }, tab('home', 'Home'), tab('messages', 'Messages')),
    );
    return;
  }
  const channel = state.snapshot.channels.find((candidate) => candidate.id === state.selected);
  header.replaceChildren(el('div', { className: 'conversation-title' }, `# ${channel?.name ?? ''}`));
  if (channel?.topic) header.append(el('div', { className: 'conversation-topic' }, channel.topic));
}

function renderHome() {
  const box = $('messages');
  const home = state.snapshot.home;
  const content = home
    ? renderBlocks(home.blocks, {
        ...renderContext(),
        surface: 'home',
        onAction: (element, block, extra) =>
          post('/sandbox/act', {
            where: { type: 'view', viewId: home.id },
            blockId: block.block_id,
            actionId: element.action_id,
            ...extra,
          }),
      })
    : el('p', { className: 'empty' }, `Opening ${state.snapshot.app.name}'s Home tab…`);
  box.replaceChildren(el('div', { className: 'home' }, content));
  box.classList.add('messages-home');
}

function withinReach(box) {
  return box.scrollHeight - box.scrollTop - box.clientHeight < 120;
}

function renderMessages() {
  const box = $('messages');
  box.classList.remove('messages-home');
  const channelId = state.selected === HOME ? appChannel()?.id : state.selected;
  const switched = box.dataset.channel !== channelId;
  const stick = withinReach(box) || switched;
  const scrollTop = box.scrollTop;
  box.dataset.channel = channelId;
  const messages = (state.snapshot.messages[channelId] ?? []).filter(isTopLevel);
  const ephemerals = state.snapshot.ephemerals.filter(
    (message) => message.channel === channelId && !message.thread_ts && !state.dismissed.has(message.ts),
  );
  const items = [
    ...messages.map((m) => ({ kind: 'message', m })),
    ...ephemerals.map((m) => ({ kind: 'ephemeral', m })),
  ];
  items.sort((a, b) => (a.m.ts < b.m.ts ? -1 : 1));
  const rows = [];
  // One divider per day, whatever comes between; `previous` is only the message a compact row continues.
  let previousDay = null;
  let previous = null;
  for (const { kind, m } of items) {
    const day = new Date(Number(m.ts) * 1000).toDateString();
    if (day !== previousDay) rows.push(dayDivider(m.ts));
    previousDay = day;
    const compact =
      previous && kind === 'message' && previous.user === m.user && Number(m.ts) - Number(previous.ts) < 300;
    rows.push(
      kind === 'message' ? messageRow(m, { compact, inThread: false, flash: !switched }) : ephemeralRow(m, channelId),
    );
    previous = kind === 'message' ? m : null;
  }
  if (rows.length === 0) rows.push(emptyState(channelId));
  box.replaceChildren(...rows);
  for (const message of state.snapshot.messages[channelId] ?? []) state.known.add(messageKey(message));
  box.scrollTop = stick ? box.scrollHeight : scrollTop;
  if (stick) keepAtBottomWhileImagesLoad(box);
}

/** Images (charts) take their height when loaded: a view that was at its newest message stays there. */
function keepAtBottomWhileImagesLoad(box) {
  for (const image of box.querySelectorAll('img')) {
    if (!image.complete) image.addEventListener('load', () => (box.scrollTop = box.scrollHeight), { once: true });
  }
}

export function renderThread() {
  const pane = $('thread');
  const thread = state.thread;
  const messages = thread ? (state.snapshot.messages[thread.channel] ?? []) : [];
  const parent = thread && messages.find((message) => message.ts === thread.ts);
  if (!parent) {
    pane.hidden = true;
    pane.dataset.key = '';
    return;
  }
  pane.hidden = false;
  const key = `${state.viewer}:${thread.channel}:${thread.ts}`;
  if (pane.dataset.key !== key) {
    pane.dataset.key = key;
    const channel = state.snapshot.channels.find((candidate) => candidate.id === thread.channel);
    pane.replaceChildren(
      el(
        'div',
        { className: 'thread-header' },
        el(
          'div',
          {},
          el('strong', {}, 'Thread'),
          el('span', { className: 'conversation-topic' }, ` # ${channel?.name ?? ''}`),
        ),
        el(
          'button',
          { type: 'button', className: 'modal-x', 'aria-label': 'Close thread', onclick: () => closeThread() },
          '×',
        ),
      ),
      el('div', { className: 'messages', id: 'thread-messages' }),
      composer(thread.channel, thread.ts),
    );
  }
  const box = $('thread-messages');
  const opened = box.childElementCount === 0;
  const stick = opened || withinReach(box);
  const replies = messages.filter((message) => message.thread_ts === thread.ts && message.ts !== thread.ts);
  const ephemerals = state.snapshot.ephemerals.filter((message) => message.thread_ts === thread.ts);
  const rows = [...replies.map((m) => ({ kind: 'message', m })), ...ephemerals.map((m) => ({ kind: 'ephemeral', m }))];
  rows.sort((a, b) => (a.m.ts < b.m.ts ? -1 : 1));
  box.replaceChildren(
    messageRow(parent, { compact: false, inThread: true, flash: false }),
    el('div', { className: 'thread-count' }, `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}`),
    ...rows.map(({ kind, m }) =>
      kind === 'message'
        ? messageRow(m, { compact: false, inThread: true, flash: !opened })
        : ephemeralRow(m, thread.channel),
    ),
  );
  for (const message of replies) state.known.add(messageKey(message));
  if (stick) {
    box.scrollTop = box.scrollHeight;
    keepAtBottomWhileImagesLoad(box);
  }
}

function closeThread() {
  state.thread = null;
  renderThread();
}

function composer(channelId, threadTs) {
  const channel = state.snapshot.channels.find((candidate) => candidate.id === channelId);
  const where = channel?.kind === 'im' ? state.snapshot.app.name : `#${channel?.name ?? ''}`;
  const input = el('textarea', {
    className: 'composer-input',
    rows: 1,
    'aria-label': threadTs ? 'Reply' : `Message ${where}`,
    placeholder: threadTs ? 'Reply…' : `Message ${where} — try /grant`,
    onkeydown: (event) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        send();
      }
    },
  });
  const send = async () => {
    const text = input.value;
    if (text.trim() === '') return;
    input.value = '';
    const result = await post('/sandbox/type', { channel: channelId, text, ...(threadTs ? { threadTs } : {}) });
    if (!result.ok && text.startsWith('/')) input.value = text;
  };
  return el(
    'div',
    { className: 'composer' },
    el(
      'div',
      { className: 'composer-box' },
      input,
      el('button', { type: 'button', className: 'composer-send', 'aria-label': 'Send', onclick: send }, '➤'),
    ),
    threadTs
      ? null
      : el(
          'div',
          { className: 'composer-hints' },
          'Try: ',
          ...SUGGESTIONS.map((suggestion) =>
            el(
              'button',
              {
                type: 'button',
                className: 'hint-chip',
                onclick: () => {
                  input.value = suggestion;
                  input.focus();
                },
              },
              suggestion,
            ),
          ),
        ),
  );
}
