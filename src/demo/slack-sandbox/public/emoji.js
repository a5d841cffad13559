// The emoji shortcodes Slack renders as pictures. Only common ones are known; an unknown `:name:` stays as typed,
// which is also what Slack does for a custom emoji a workspace does not have.
const EMOJI = {
  '+1': '👍',
  '-1': '👎',
  alarm_clock: '⏰',
  arrows_clockwise: '🔃',
  bar_chart: '📊',
  bell: '🔔',
  bust_in_silhouette: '👤',
  calendar: '📆',
  chart_with_upwards_trend: '📈',
  clipboard: '📋',
  clock1: '🕐',
  closed_lock_with_key: '🔐',
  crescent_moon: '🌙',
  eyes: '👀',
  heavy_check_mark: '✔️',
  heavy_multiplication_x: '✖️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  information_source: 'ℹ️',
  key: '🔑',
  large_green_circle: '🟢',
  large_orange_circle: '🟠',
  large_red_circle: '🔴',
  leftwards_arrow_with_hook: '↩️',
  link: '🔗',
  lock: '🔒',
  mag: '🔍',
  memo: '📝',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  octagonal_sign: '🛑',
  page_facing_up: '📄',
  paperclip: '📎',
  pencil: '📝',
  red_circle: '🔴',
  rotating_light: '🚨',
  shield: '🛡️',
  stop_sign: '🛑',
  stopwatch: '⏱️',
  tada: '🎉',
  ticket: '🎫',
  timer_clock: '⏲️',
  unlock: '🔓',
  warning: '⚠️',
  wave: '👋',
  white_circle: '⚪',
  white_check_mark: '✅',
  x: '❌',
  zzz: '💤',
};

/** The character for a shortcode (without colons), or undefined when the sandbox does not know it. */
export function emojiFor(name) {
  return Object.hasOwn(EMOJI, name) ? EMOJI[name] : undefined;
}

/** Replaces known `:shortcode:`s in plain text (plain_text objects with `emoji: true`). */
export function withEmoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (match, name) => emojiFor(name) ?? match);
}
