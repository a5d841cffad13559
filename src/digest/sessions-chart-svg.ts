/**
 * The digest's chart as an SVG document: sessions per day of the week and per month over the trend, as two bar
 * panels. Drawn by hand (a few rects and texts) rather than with a charting library: nothing here needs a DOM.
 */
import type { WeeklyDigest } from '../domain/weekly-digest.ts';
import { CHART_FONT_FAMILY } from './render-png.ts';

export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 640;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const INK = '#1d1c1d';
const MUTED = '#616061';
const GRID = '#e8e8e8';
const BAR = '#5b8def';
const BAR_HIGHLIGHT = '#1d4fbf';

interface Bar {
  label: string;
  sublabel?: string;
  value: number;
  highlight?: boolean;
}

interface Panel {
  title: string;
  top: number;
  height: number;
  bars: Bar[];
}

export function sessionsChartSvg(digest: WeeklyDigest): string {
  const first = digest.sessionsPerDay[0]?.day ?? '';
  const last = digest.sessionsPerDay.at(-1)?.day ?? '';
  const partial = digest.partial ? ' (week so far)' : '';
  const weekMonths = new Set(digest.sessionsPerDay.map((d) => d.day.slice(0, 7)));
  const panels: Panel[] = [
    {
      title: `Sessions per day${partial}`,
      top: 90,
      height: 240,
      bars: digest.sessionsPerDay.map(({ day, sessions }) => ({
        label: WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()]!,
        sublabel: `${Number(day.slice(8))} ${MONTHS[Number(day.slice(5, 7)) - 1]}`,
        value: sessions,
      })),
    },
    {
      title: `Sessions per month (last ${digest.monthlyTrend.length} months)`,
      top: 370,
      height: 240,
      bars: digest.monthlyTrend.map(({ month, sessions }) => ({
        label: MONTHS[Number(month.slice(5)) - 1]!,
        sublabel: month.slice(0, 4),
        value: sessions,
        highlight: weekMonths.has(month),
      })),
    },
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" font-family="${CHART_FONT_FAMILY}">`,
    `<rect width="${CHART_WIDTH}" height="${CHART_HEIGHT}" fill="#ffffff"/>`,
    text(40, 40, `Impersonation sessions · ${digest.week}`, { size: 22, weight: 'bold' }),
    text(40, 64, `${first} to ${last} · ${digest.timeZone} · ${digest.sessions} sessions this week`, {
      size: 14,
      fill: MUTED,
    }),
    ...panels.map(panel),
    '</svg>',
  ].join('\n');
}

/** Round axis tops: halving any of them (the middle grid line) still gives a readable number. */
const NICE_STEPS = [1, 2, 2.5, 3, 4, 5, 6, 8, 10];

/** The smallest round number at or above `value` (210 → 250), so the bars fill the panel and ticks read well. */
export function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return NICE_STEPS.find((step) => step * magnitude >= value)! * magnitude;
}

function panel({ title, top, height, bars }: Panel): string {
  const left = 80;
  const right = CHART_WIDTH - 40;
  const plotTop = top + 30;
  const plotBottom = top + height - 40;
  const max = niceCeiling(Math.max(0, ...bars.map((b) => b.value)));
  const y = (value: number) => plotBottom - ((plotBottom - plotTop) * value) / max;
  const slot = (right - left) / bars.length;
  const barWidth = Math.min(64, slot * 0.6);
  const parts = [text(40, top + 10, title, { size: 16, weight: 'bold' })];
  // Counts are whole: the middle line sits on a whole number too (an axis to 3 gets 0, 2, 3, never 1.5).
  for (const tick of new Set([0, Math.round(max / 2), max])) {
    parts.push(`<line x1="${left}" y1="${y(tick)}" x2="${right}" y2="${y(tick)}" stroke="${GRID}" stroke-width="1"/>`);
    parts.push(text(left - 10, y(tick) + 4, formatCount(tick), { size: 12, fill: MUTED, anchor: 'end' }));
  }
  bars.forEach((bar, i) => {
    const centre = left + slot * i + slot / 2;
    const top = y(bar.value);
    const fill = bar.highlight ? BAR_HIGHLIGHT : BAR;
    parts.push(
      `<rect x="${centre - barWidth / 2}" y="${top}" width="${barWidth}" height="${plotBottom - top}" fill="${fill}" rx="3"/>`,
    );
    parts.push(text(centre, top - 6, formatCount(bar.value), { size: 12, anchor: 'middle' }));
    parts.push(text(centre, plotBottom + 18, bar.label, { size: 13, anchor: 'middle' }));
    if (bar.sublabel)
      parts.push(text(centre, plotBottom + 34, bar.sublabel, { size: 11, fill: MUTED, anchor: 'middle' }));
  });
  parts.push(
    `<line x1="${left}" y1="${plotBottom}" x2="${right}" y2="${plotBottom}" stroke="${MUTED}" stroke-width="1"/>`,
  );
  return parts.join('\n');
}

/** 1234 → `1,234`; 12500 on an axis → `12.5k`. */
function formatCount(value: number): string {
  if (value >= 10_000) return `${+(value / 1000).toFixed(1)}k`;
  return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function text(
  x: number,
  y: number,
  content: string,
  style: { size: number; weight?: 'bold'; fill?: string; anchor?: 'start' | 'middle' | 'end' },
): string {
  const weight = style.weight ? ` font-weight="${style.weight}"` : '';
  const anchor = style.anchor ? ` text-anchor="${style.anchor}"` : '';
  return `<text x="${x}" y="${y}" font-size="${style.size}" fill="${style.fill ?? INK}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
