// One message as Slack lays it out: avatar, name, time, Block Kit or mrkdwn, files, and its thread summary; and the
// ephemeral ("Only visible to you") variant.
import { renderBlocks } from './block-kit.js';
import { messageTime } from './dates.js';
import { avatar, el } from './dom.js';
import { renderMrkdwn } from './mrkdwn.js';
import { hooks, messageKey, person, post, renderContext, state } from './page-state.js';

export function dayDivider(ts) {
  const at = new Date(Number(ts) * 1000);
  const today = new Date().toDateString() === at.toDateString();
  const label = today ? 'Today' : at.toLocaleDateString('en-US', { weekday: 'long', month: 'long', day: 'numeric' });
  return el('div', { className: 'day-divider' }, el('span', {}, label));
}

export function emptyState(channelId) {
  const channel = state.snapshot.channels.find((candidate) => candidate.id === channelId);
  const text =
    channel?.kind === 'im'
      ? `Your DMs with ${state.snapshot.app.name}: decisions, expiry warnings and endings arrive here.`
      : `This is the very beginning of #${channel?.name ?? ''}. ${channel?.topic ?? ''}`;
  return el('div', { className: 'empty' }, text);
}

function sender(message) {
  if (message.bot_id || message.user === state.snapshot.app.userId) {
    return { id: state.snapshot.app.userId, realName: state.snapshot.app.name, bot: true };
  }
  return person(message.user) ?? { id: message.user, realName: message.user };
}

function messageContent(message, where) {
  const context = {
    ...renderContext(),
    surface: 'message',
    onAction: (element, block, extra) =>
      post('/sandbox/act', { where, blockId: block.block_id, actionId: element.action_id, ...extra }),
  };
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  return el(
    'div',
    { className: 'message-content' },
    hasBlocks
      ? renderBlocks(message.blocks, context)
      : el('div', { className: 'message-text' }, renderMrkdwn(message.text ?? '', context)),
    (message.files ?? []).map(fileCard),
  );
}

export function fileCard(file) {
  if (file.mimetype.startsWith('image/')) {
    return el(
      'figure',
      { className: 'file-image' },
      el('figcaption', {}, file.title),
      el('a', { href: file.url, target: '_blank', rel: 'noopener' }, el('img', { src: file.url, alt: file.title })),
    );
  }
  return el(
    'a',
    { className: 'file-card', href: file.url, download: file.name },
    el('span', { className: 'file-icon' }, '📄'),
    el('span', {}, el('strong', {}, file.title), el('div', {}, `${file.name} · ${Math.ceil(file.size / 1024)} KB`)),
  );
}

export function messageRow(message, { compact, inThread, flash = true }) {
  const who = sender(message);
  const fresh = flash && !state.known.has(messageKey(message));
  const replies = !inThread && message.reply_count > 0;
  return el(
    'div',
    {
      className: `message${compact ? ' message-compact' : ''}${fresh ? ' message-fresh' : ''}`,
      dataset: { ts: message.ts, channel: message.channel },
    },
    el(
      'div',
      { className: 'message-gutter' },
      compact
        ? el('span', { className: 'message-hover-time' }, messageTime(message.ts).split(' ').at(-1))
        : who.bot
          ? el('img', { className: 'avatar-app', src: '/assets/grantdesk.svg', alt: '' })
          : avatar(who),
    ),
    el(
      'div',
      { className: 'message-main' },
      compact
        ? null
        : el(
            'div',
            { className: 'message-meta' },
            el('strong', { className: 'message-sender' }, who.realName),
            who.bot ? el('span', { className: 'app-badge' }, 'APP') : null,
            el(
              'time',
              { className: 'message-time', title: new Date(Number(message.ts) * 1000).toString() },
              messageTime(message.ts),
            ),
          ),
      messageContent(message, { type: 'message', channel: message.channel, ts: message.ts }),
      message.edited ? el('span', { className: 'message-edited' }, '(edited)') : null,
      replies
        ? el(
            'button',
            {
              type: 'button',
              className: 'thread-summary',
              onclick: () => {
                state.thread = { channel: message.channel, ts: message.ts };
                hooks.render();
              },
            },
            `${message.reply_count} ${message.reply_count === 1 ? 'reply' : 'replies'}`,
            el(
              'span',
              { className: 'thread-summary-time' },
              `Last reply ${messageTime(message.latest_reply ?? message.ts)}`,
            ),
          )
        : null,
    ),
  );
}

export function ephemeralRow(message, channelId) {
  return el(
    'div',
    { className: 'message message-ephemeral', dataset: { ts: message.ts, ephemeral: 'true' } },
    el(
      'div',
      { className: 'message-gutter' },
      el('img', { className: 'avatar-app', src: '/assets/grantdesk.svg', alt: '' }),
    ),
    el(
      'div',
      { className: 'message-main' },
      el(
        'div',
        { className: 'message-meta' },
        el('strong', { className: 'message-sender' }, state.snapshot.app.name),
        el('span', { className: 'app-badge' }, 'APP'),
        el('time', { className: 'message-time' }, messageTime(message.ts)),
      ),
      messageContent(message, { type: 'ephemeral', channel: channelId, ts: message.ts }),
      el(
        'div',
        { className: 'ephemeral-note' },
        '👁️ Only visible to you · ',
        el(
          'button',
          {
            type: 'button',
            className: 'link-button',
            onclick: () => {
              state.dismissed.add(message.ts);
              hooks.render();
            },
          },
          'Dismiss message',
        ),
      ),
    ),
  );
}
