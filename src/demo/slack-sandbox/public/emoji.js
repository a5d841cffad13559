// The emoji shortcodes Slack renders as pictures. Only common ones are known; an unknown `:name:` stays as typed,
// which is also what Slack does for a custom emoji a workspace does not have. Every emoji on the page, from a
// shortcode or typed as a character, is then drawn as a picture the sandbox serves (/emoji/<code points>.svg), as
// Slack draws its own: a machine without a colour emoji font would otherwise show empty boxes.
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

/**
 * An emoji as written: a pictograph shown as emoji by default or asked to be (VS16), with a skin tone or VS16, and
 * any zero-width-joined continuation (👩‍💻). Pictographs that default to text (→, ©) are left as text.
 */
const EMOJI_SEQUENCE =
  /(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)(?:\p{Emoji_Modifier}|\uFE0F)?(?:\u200D\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F)?)*/gu;

/** Text where nothing is drawn: form controls and code keep the characters. */
const KEEP_TEXT = new Set(['TEXTAREA', 'OPTION', 'SCRIPT', 'STYLE', 'TITLE']);

/** The picture of one emoji; if the sandbox has none for it, the character itself. */
function emojiPicture(sequence) {
  const codePoints = [...sequence].map((char) => char.codePointAt(0).toString(16)).join('-');
  const image = document.createElement('img');
  image.className = 'emoji';
  image.src = `/emoji/${codePoints}.svg`;
  image.alt = sequence;
  image.draggable = false;
  image.addEventListener('error', () => image.replaceWith(sequence), { once: true });
  return image;
}

function drawTextNode(node) {
  const text = node.data;
  if (KEEP_TEXT.has(node.parentElement?.tagName)) return;
  const matches = [...text.matchAll(EMOJI_SEQUENCE)];
  if (matches.length === 0) return;
  const parts = [];
  let last = 0;
  for (const match of matches) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    parts.push(emojiPicture(match[0]));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  node.replaceWith(...parts);
}

function drawUnder(root) {
  if (root.nodeType === Node.TEXT_NODE) return drawTextNode(root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  while (walker.nextNode()) found.push(walker.currentNode);
  for (const node of found) drawTextNode(node);
}

/** Draws every emoji under `root` as a picture, now and whenever the page adds or changes text there. */
export function drawEmojiAsPictures(root) {
  drawUnder(root);
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'characterData') drawUnder(record.target);
      else for (const node of record.addedNodes) if (node.isConnected) drawUnder(node);
    }
  }).observe(root, { childList: true, subtree: true, characterData: true });
}
