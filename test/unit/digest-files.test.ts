import { describe, expect, it } from 'vitest';
import { csvRows } from '../../src/csv/csv-rows.ts';
import { digestFiles } from '../../src/digest/digest-files.ts';
import { niceCeiling, sessionsChartSvg } from '../../src/digest/sessions-chart-svg.ts';
import { SESSION_CSV_COLUMNS, sessionsCsv } from '../../src/digest/sessions-csv.ts';
import { aDigest, aFinding, aSession } from '../support/digest-fixture.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('sessionsCsv', () => {
  it('writes a header and one row per session, flagged sessions naming their rules', () => {
    const csv = sessionsCsv(
      [aSession(), aSession({ id: 'g2', shortCode: 'G-2', endTime: null, endReason: null, accessLevel: 'write' })],
      [aFinding()],
    );
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(SESSION_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      'g1,G-7K3M9Q,ada@example.test,U0ADA,acme,jane@acme.test,OPS-1,Reproduce the export bug,ENDED,' +
        '2026-10-21T09:00:00.000Z,2026-10-21T09:30:00.000Z,NORMAL,2026-10-21T09:30:00.000Z,30,U0APPROVER1,2,1,' +
        '10.0.0.7,Console/1.0,refused-access,read',
    );
    expect(lines[2]).toContain('g2,G-2,');
    expect(lines[2]).toMatch(/,write$/);
    expect(lines[3]).toBe('');
  });

  it('quotes commas, quotes and line breaks, and defuses spreadsheet formulas', () => {
    const csvCell = (value: string | number | null) => csvRows([[value]]).replace(/\r\n$/, '');
    expect(csvCell('a, "b"\nc')).toBe('"a, ""b""\nc"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('the chart', () => {
  it('draws both panels with every day and month, escaping text', () => {
    const svg = sessionsChartSvg(aDigest({ timeZone: 'A&B<C>' }));
    expect(svg).toContain('Sessions per day');
    expect(svg).toContain('Sessions per month (last 12 months)');
    expect(svg).toContain('>Mon<');
    expect(svg).toContain('>19 Oct<');
    expect(svg).toContain('A&amp;B&lt;C&gt;');
    expect(svg.match(/<rect /g)).toHaveLength(1 + 7 + 12);
  });

  it('rounds the axis up to a round number', () => {
    expect([0, 1, 3, 7, 10, 11, 180, 210, 2001].map(niceCeiling)).toEqual([1, 1, 3, 8, 10, 20, 200, 250, 2500]);
  });

  it('labels the count axis with whole numbers only', () => {
    const days = aDigest().sessionsPerDay.map((day, i) => ({ ...day, sessions: i === 0 ? 3 : 1 }));
    const svg = sessionsChartSvg(aDigest({ sessionsPerDay: days }));
    const axisLabels = [...svg.matchAll(/text-anchor="end"[^>]*>([^<]*)</g)].map((match) => match[1]);
    expect(axisLabels.length).toBeGreaterThan(0);
    for (const label of axisLabels) expect(label).toMatch(/^\d[\d,]*k?$/);
    expect(svg).not.toContain('>1.5<');
  });

  it('renders to a PNG and ships the CSV alongside', () => {
    const [chart, csv] = digestFiles(aDigest(), [aSession()]);
    expect(chart?.filename).toBe('grantdesk-sessions-2026-W43.png');
    const png = Buffer.from(chart!.content);
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // Width and height sit in the IHDR chunk, right after the signature.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 640]);
    expect(png.length).toBeGreaterThan(10_000);
    expect(csv?.filename).toBe('grantdesk-sessions-2026-W43.csv');
    expect(Buffer.from(csv!.content).toString('utf8')).toContain('G-7K3M9Q');
  });
});
