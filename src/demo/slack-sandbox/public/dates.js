// Slack's date formatting: `<!date^1700000000^{date_short_pretty} {time}|fallback>` is shown in the reader's own time
// zone (https://docs.slack.dev/messaging/formatting-message-text#date-formatting), and message times as "14:05".

const DAY_MS = 86_400_000;

const pad = (n) => String(n).padStart(2, '0');

function dayDifference(at, now) {
  const startOf = (date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  return Math.round((startOf(at) - startOf(now)) / DAY_MS);
}

function ordinal(n) {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function pretty(at, now, plain) {
  const days = dayDifference(at, now);
  if (days === 0) return 'today';
  if (days === -1) return 'yesterday';
  if (days === 1) return 'tomorrow';
  return plain;
}

function ago(at, now) {
  const seconds = Math.round((now.getTime() - at.getTime()) / 1000);
  const future = seconds < 0;
  const abs = Math.abs(seconds);
  const [size, unit] =
    abs < 60
      ? [abs, 'second']
      : abs < 3600
        ? [abs / 60, 'minute']
        : abs < 86400
          ? [abs / 3600, 'hour']
          : [abs / 86400, 'day'];
  const n = Math.floor(size);
  const text = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return future ? `in ${text}` : `${text} ago`;
}

const capitalise = (text) => text.charAt(0).toUpperCase() + text.slice(1);

/** Formats a `<!date>` token's format string for the given Unix time. */
export function formatSlackDate(unix, format, now = new Date()) {
  const at = new Date(unix * 1000);
  const month = at.toLocaleString('en-US', { month: 'long' });
  const shortMonth = at.toLocaleString('en-US', { month: 'short' });
  const weekday = at.toLocaleString('en-US', { weekday: 'long' });
  const dateText = `${month} ${ordinal(at.getDate())}, ${at.getFullYear()}`;
  const shortText = `${shortMonth} ${at.getDate()}, ${at.getFullYear()}`;
  const longText = `${weekday}, ${dateText}`;
  const tokens = {
    date_num: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    date: dateText,
    date_short: shortText,
    date_long: longText,
    date_pretty: pretty(at, now, dateText),
    date_short_pretty: pretty(at, now, shortText),
    date_long_pretty: pretty(at, now, longText),
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
    time_secs: `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`,
    ago: ago(at, now),
  };
  const text = format.replace(/\{([a-z_]+)\}/g, (match, name) => tokens[name] ?? match);
  // Slack capitalises a "pretty" word that starts the text ("Yesterday at 14:05").
  return capitalise(text);
}

/** A message timestamp (`1700000000.000100`) as the time shown beside the sender's name. */
export function messageTime(ts, now = new Date()) {
  const at = new Date(Number(ts) * 1000);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const days = dayDifference(at, now);
  if (days === 0) return time;
  if (days === -1) return `Yesterday ${time}`;
  return `${at.toLocaleString('en-US', { month: 'short', day: 'numeric' })} ${time}`;
}
