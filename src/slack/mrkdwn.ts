/**
 * Slack mrkdwn: escaping, cutting to length, and the few control sequences Grantdesk writes itself (mentions,
 * links, dates). Everything a person typed goes through `escapeText` before it lands in a message, so `<!channel>`,
 * `<@U123>` and `<http://evil|bank>` show as the characters typed and ping or mislead nobody.
 *
 * Limits are Slack's, from the Block Kit reference (https://docs.slack.dev/reference/block-kit); builders cut long
 * text to fit rather than let Slack reject the whole message with `invalid_blocks`.
 */

/** Header block text (plain_text): https://docs.slack.dev/reference/block-kit/blocks/header-block */
export const HEADER_TEXT_MAX = 150;
/** Section block `text`: https://docs.slack.dev/reference/block-kit/blocks/section-block */
export const SECTION_TEXT_MAX = 3000;
/** Section block `fields`: at most 10 items… */
export const SECTION_FIELDS_MAX = 10;
/** …of at most 2000 characters each. */
export const SECTION_FIELD_TEXT_MAX = 2000;
/** Context block `elements`: https://docs.slack.dev/reference/block-kit/blocks/context-block */
export const CONTEXT_ELEMENTS_MAX = 10;
/** Any text object: https://docs.slack.dev/reference/block-kit/composition-objects/text-object */
export const TEXT_OBJECT_MAX = 3000;
/** Blocks in one message: https://docs.slack.dev/reference/block-kit/blocks */
export const MESSAGE_BLOCKS_MAX = 50;
/** Blocks in a modal or Home tab view: https://docs.slack.dev/reference/views */
export const VIEW_BLOCKS_MAX = 100;
/** Top-level message `text`; Slack truncates longer text: https://docs.slack.dev/reference/methods/chat.postMessage */
export const MESSAGE_TEXT_MAX = 40_000;
/** Button label: https://docs.slack.dev/reference/block-kit/block-elements/button-element */
export const BUTTON_TEXT_MAX = 75;
/** Button `value` (sent back in the interaction payload). */
export const BUTTON_VALUE_MAX = 2000;
/** Any interactive element's `action_id` (and a block's `block_id`). */
export const ACTION_ID_MAX = 255;
/** Input block label (plain_text): https://docs.slack.dev/reference/block-kit/blocks/input-block */
export const INPUT_LABEL_MAX = 2000;
/** Input block hint (plain_text). */
export const INPUT_HINT_MAX = 2000;
/** Placeholder of an input element or select menu. */
export const PLACEHOLDER_MAX = 150;
/** Modal title, submit and close labels: https://docs.slack.dev/reference/views/modal-views */
export const MODAL_TITLE_MAX = 24;
/** Modal `private_metadata`. */
export const PRIVATE_METADATA_MAX = 3000;
/** Option text: https://docs.slack.dev/reference/block-kit/composition-objects/option-object */
export const OPTION_TEXT_MAX = 75;
/** Option `value`. */
export const OPTION_VALUE_MAX = 150;
/** Options in a static select: https://docs.slack.dev/reference/block-kit/block-elements/select-menu-element */
export const SELECT_OPTIONS_MAX = 100;
/** Confirmation dialog title: https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object */
export const CONFIRM_TITLE_MAX = 100;
/** Confirmation dialog text. */
export const CONFIRM_TEXT_MAX = 300;
/** Confirmation dialog confirm/deny button labels. */
export const CONFIRM_BUTTON_MAX = 30;

const ELLIPSIS = '…';

/**
 * Escapes the three characters Slack gives meaning to in message text: `&`, `<` and `>`
 * (https://docs.slack.dev/messaging/formatting-message-text#escaping). Nothing else may be entity-encoded: Slack
 * decodes only these three.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The inverse of `escapeText`, for text Slack sends us already escaped (a slash command's `text`): stored as the
 * person typed it, then escaped again wherever it is shown. `&amp;` goes last so `&amp;lt;` becomes `&lt;`, not `<`.
 */
export function unescapeText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Cuts `text` to at most `max` UTF-16 units, ending in a single `…` when anything was cut. Never splits a surrogate
 * pair (an emoji stays whole or goes). Counting UTF-16 units is the stricter of the ways Slack might count.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  return cutTokens(Array.from(text), max);
}

/**
 * Escapes what a person typed and cuts it to `max` characters of *escaped* text (the length Slack checks),
 * never cutting an entity such as `&lt;` in half.
 */
export function escapeAndTruncate(text: string, max: number): string {
  const escaped = escapeText(text);
  if (escaped.length <= max) return escaped;
  if (max <= 0) return '';
  return cutTokens(escaped.match(/&(?:amp|lt|gt);|[\s\S]/gu) ?? [], max);
}

/** Collapses line breaks and runs of spaces, for user text shown on one line (tenant names, list entries). */
export function singleLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cutTokens(tokens: readonly string[], max: number): string {
  let result = '';
  for (const token of tokens) {
    if (result.length + token.length + ELLIPSIS.length > max) break;
    result += token;
  }
  return result + ELLIPSIS;
}

/** Slack user ids: `U…` for people, `W…` for Enterprise Grid users (https://docs.slack.dev/reference/objects/user-object). */
const USER_ID_PATTERN = /^[UW][A-Z0-9]{2,}$/;

/** True when `id` has the shape of a Slack user id. */
export function isSlackUserId(id: string): boolean {
  return USER_ID_PATTERN.test(id);
}

/** A mention `<@U123>` when `id` is shaped like a Slack user id; otherwise the id as escaped text (never a mention). */
export function user(id: string): string {
  return isSlackUserId(id) ? `<@${id}>` : escapeText(id);
}

/**
 * A link `<url|text>` with the text escaped. Only http(s) URLs become links; anything else (`javascript:`,
 * `slack://`, garbage) is shown as its text alone, so a stored URL can never be turned into something clickable and
 * surprising.
 */
export function link(url: string, text: string): string {
  const label = escapeText(text);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return label;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return label;
  // `|` ends the URL part of a link and `>` the link itself, so neither may appear raw in the URL.
  const href = escapeText(parsed.href.replace(/\|/g, '%7C'));
  return label ? `<${href}|${label}>` : `<${href}>`;
}

/**
 * A date Slack renders in the reader's own time zone (https://docs.slack.dev/messaging/formatting-message-text#date-formatting),
 * e.g. "Yesterday 14:05"; clients that cannot render it show the ISO fallback.
 */
export function date(at: Date, format = '{date_short_pretty} {time}'): string {
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^${format}|${at.toISOString()}>`;
}
