/** Durations are whole milliseconds; the text form is the one people type: `90s`, `15m`, `1h30m`, `2d`. */

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 } as const;
const DURATION_PATTERN = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `90s`, `15m`, `1h30m`, `2d`; returns undefined for anything else, including zero. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  const match = DURATION_PATTERN.exec(trimmed);
  if (!trimmed || !match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  const ms =
    Number(days ?? 0) * UNIT_MS.d +
    Number(hours ?? 0) * UNIT_MS.h +
    Number(minutes ?? 0) * UNIT_MS.m +
    Number(seconds ?? 0) * UNIT_MS.s;
  return ms > 0 ? ms : undefined;
}

/** True when the token looks like a duration, whatever its value (used to pick it out of `/grant` text). */
export function isDurationToken(token: string): boolean {
  return /^\d/.test(token) && DURATION_PATTERN.test(token.toLowerCase());
}

/** The shortest exact text form: 5400000 → `1h30m`. Sub-second remainders are dropped. */
export function formatDuration(ms: number): string {
  let rest = Math.floor(ms / 1000);
  if (rest <= 0) return '0s';
  const parts: string[] = [];
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3_600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.join('');
}
