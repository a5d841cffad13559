import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { type CsvCell, csvRows, defusedText } from '../../src/csv/csv-rows.ts';

describe('csvRows, the one CSV writer', () => {
  it('defuses every cell a spreadsheet would run as a formula, and leaves numbers and other text alone', () => {
    const typed = ['=HYPERLINK("http://evil")', '+1', '-2', '@SUM(A1)', '\tcmd', '\rcmd', 'Console/1.0', ''];
    expect(csvRows([[...typed, -3, null]], '\n')).toBe(
      `"'=HYPERLINK(""http://evil"")",'+1,'-2,'@SUM(A1),'\tcmd,"'\rcmd",Console/1.0,,-3,\n`,
    );
  });

  it('quotes delimiters, quotes, line breaks and edge spaces, ending lines as asked', () => {
    expect(csvRows([['a,b', 'say "hi"', 'x\ny', ' pad', 'lone\rcr'], ['next']])).toBe(
      '"a,b","say ""hi""","x\ny"," pad","lone\rcr"\r\nnext\r\n',
    );
  });
});

describe('csvRows against csv-stringify', () => {
  // The writer the export used before (still a dependency): every cell below must come out as it wrote it.
  const reference = (rows: CsvCell[][], lineEnd: '\r\n' | '\n') =>
    stringify(rows, {
      record_delimiter: lineEnd === '\r\n' ? 'windows' : 'unix',
      quoted_match: /[\r\n]|^\s|\s$/,
      cast: { string: defusedText },
    });
  const cells: CsvCell[] = [
    ...[
      '',
      ' ',
      'plain',
      'a,b',
      '"',
      'say "hi"',
      '""',
      'x\ny',
      'x\r\ny',
      '\n',
      'end\r',
      ' lead',
      'trail ',
      '\u00a0nbsp',
    ],
    ...['\ufeffbom', 'tab\tinside', "'quote", '=1+1', '+', '-', '@', '\t', '\r', '-x,"y"', 'é,ü', '{"a":[1,2]}'],
    ...[0, -0, 1.5, -3, 1e21, Number.NaN, Number.POSITIVE_INFINITY, null],
  ];

  it('writes every tricky cell alone, in pairs and in rows exactly as csv-stringify did', () => {
    const rows: CsvCell[][] = [
      [],
      ...cells.map((cell) => [cell]),
      ...cells.map((cell, i) => [cell, cells[i - 1] ?? null]),
    ];
    rows.push(cells, [null, null], ['', '']);
    for (const lineEnd of ['\n', '\r\n'] as const) expect(csvRows(rows, lineEnd)).toBe(reference(rows, lineEnd));
    expect(csvRows([], '\n')).toBe(reference([], '\n'));
  });
});
