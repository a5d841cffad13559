/**
 * Renders the digest chart of an example week to docs/digest-chart.png, with the code the digest uses
 * (sessionsChartSvg → renderPng), so the picture in the docs is what compliance receives.
 *
 *   node --import tsx bench/render-example-chart.ts [output.png]
 *
 * The numbers are made up but shaped like a real team's: busy weekdays, a quiet weekend, a year of slow growth.
 */
import { writeFileSync } from 'node:fs';
import { renderPng } from '../src/digest/render-png.ts';
import { sessionsChartSvg } from '../src/digest/sessions-chart-svg.ts';
import type { WeeklyDigest } from '../src/domain/weekly-digest.ts';

const output = process.argv[2] ?? new URL('../docs/digest-chart.png', import.meta.url).pathname;
const perDay = [38, 44, 41, 47, 35, 4, 2];
const perMonth = [612, 640, 588, 701, 695, 730, 702, 655, 760, 798, 842, 211];

const example: WeeklyDigest = {
  week: '2026-W45',
  timeZone: 'Europe/Paris',
  start: new Date('2026-11-01T23:00:00Z'),
  end: new Date('2026-11-08T23:00:00Z'),
  partial: false,
  generatedAt: new Date('2026-11-09T08:00:00Z'),
  sessions: perDay.reduce((a, b) => a + b, 0),
  previousWeekSessions: 196,
  activeNow: 3,
  averageDurationMs: 27 * 60_000,
  topAdmins: [],
  byOutcome: { ACTIVE: 2, NORMAL: 171, FORCED: 6, EXPIRED: 32 },
  requests: 229,
  denials: 11,
  lapses: 7,
  sessionsPerDay: perDay.map((sessions, i) => ({ day: `2026-11-${String(2 + i).padStart(2, '0')}`, sessions })),
  monthlyTrend: perMonth.map((sessions, i) => {
    const month = new Date(Date.UTC(2025, 11 + i, 1));
    return { month: month.toISOString().slice(0, 7), sessions };
  }),
  anomalies: [],
  breakGlass: [],
  chainHead: { seq: 184_223, hash: '0'.repeat(64) },
};

const png = renderPng(sessionsChartSvg(example));
writeFileSync(output, png);
console.log(`wrote ${output} (${png.length} bytes)`);
