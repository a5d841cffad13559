import { describe, expect, it } from 'vitest';
import { csvRows } from '../../src/csv/csv-rows.ts';

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
