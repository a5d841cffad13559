import type { OutgoingFile } from '../domain/ports.ts';
import type { DigestSession, WeeklyDigest } from '../domain/weekly-digest.ts';
import { renderPng } from './render-png.ts';
import { sessionsChartSvg } from './sessions-chart-svg.ts';
import { sessionsCsv } from './sessions-csv.ts';

/** The files shared with the digest: the chart as PNG and the week's sessions as CSV. */
export function digestFiles(digest: WeeklyDigest, sessions: readonly DigestSession[]): OutgoingFile[] {
  return [
    {
      filename: `grantdesk-sessions-${digest.week}.png`,
      title: `Sessions per day and per month, ${digest.week}`,
      content: renderPng(sessionsChartSvg(digest)),
    },
    {
      filename: `grantdesk-sessions-${digest.week}.csv`,
      title: `Sessions of ${digest.week} (${sessions.length})`,
      content: Buffer.from(sessionsCsv(sessions, digest.anomalies), 'utf8'),
    },
  ];
}
