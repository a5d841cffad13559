import type { InputBlock, PlainTextOption } from '@slack/types';
import { formatDuration } from '../../domain/duration.ts';
import { INPUT_HINT_MAX, INPUT_LABEL_MAX, OPTION_TEXT_MAX, SELECT_OPTIONS_MAX } from '../mrkdwn.ts';
import { InputId } from './action-ids.ts';
import { plainText } from './block-kit.ts';

/** GRANT_MIN_DURATION, GRANT_DEFAULT_DURATION and GRANT_MAX_DURATION (or the extension's equivalents). */
export interface DurationBounds {
  minDurationMs: number;
  defaultDurationMs: number;
  maxDurationMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The round durations people pick; only those within the bounds are offered. */
const STEPS = [
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

export interface DurationChoice {
  options: PlainTextOption[];
  initialOption: PlainTextOption;
}

/**
 * Options for a duration select: the round steps within [min, max] plus min, default and max themselves, in order.
 * The option value is the duration's text form (`1h30m`), read back with parseDuration. The default is clamped into
 * the bounds, so a misconfigured default still yields a valid initial option.
 */
export function durationOptions(bounds: DurationBounds): DurationChoice {
  const min = Math.min(bounds.minDurationMs, bounds.maxDurationMs);
  const max = bounds.maxDurationMs;
  const initial = Math.min(Math.max(bounds.defaultDurationMs, min), max);
  const fixed = new Set([min, initial, max]);
  const steps = STEPS.filter((ms) => ms > min && ms < max && !fixed.has(ms));
  // Slack allows 100 options; the fixed three always stay.
  const durations = [...fixed, ...steps.slice(0, SELECT_OPTIONS_MAX - fixed.size)].sort((a, b) => a - b);
  const options = durations.map(durationOption);
  return { options, initialOption: durationOption(initial) };
}

function durationOption(ms: number): PlainTextOption {
  return { text: plainText(durationLabel(ms), OPTION_TEXT_MAX), value: formatDuration(ms) };
}

/** `1 hour 30 minutes`, `90 seconds` → `1 minute 30 seconds`. */
export function durationLabel(ms: number): string {
  let rest = Math.floor(ms / 1000);
  const parts: string[] = [];
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
    ['second', 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
    rest -= count * size;
  }
  return parts.join(' ') || '0 seconds';
}

/** The duration input of the request and extend modals: a static select, block_id and action_id `duration`. */
export function durationSelectBlock(bounds: DurationBounds, hint: string): InputBlock {
  const choice = durationOptions(bounds);
  return {
    type: 'input',
    block_id: InputId.duration,
    label: plainText('Duration', INPUT_LABEL_MAX),
    hint: plainText(hint, INPUT_HINT_MAX),
    element: {
      type: 'static_select',
      action_id: InputId.duration,
      options: choice.options,
      initial_option: choice.initialOption,
    },
  };
}
