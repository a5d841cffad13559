/**
 * The one CSV writer: the audit export (API and CLI) and the digest's sessions file. RFC 4180 quoting comes from
 * csv-stringify; on top of it, a cell a person or a client typed that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with `'`, so a spreadsheet shows it as text instead of running it as a formula
 * (OWASP, "CSV Injection"). The exact values, for re-hashing, are in the JSON Lines export.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell as a spreadsheet may safely open it; numbers are written as they are (a negative is no formula). */
export function defusedText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * Rows as CSV text, each line ended by `lineEnd` (CRLF as RFC 4180 has it; LF where a file is read line by line).
 * Cells with a line break or a leading or trailing space are quoted too, so no reader splits or trims them.
 */
export function csvRows(rows: readonly (readonly CsvCell[])[], lineEnd: '\r\n' | '\n' = '\r\n'): string {
  return stringify(rows as CsvCell[][], {
    record_delimiter: lineEnd === '\r\n' ? 'windows' : 'unix',
    // csv-stringify quotes the delimiter, quotes and the whole line end; a lone CR or LF, and edge spaces, too.
    quoted_match: /[\r\n]|^\s|\s$/,
    cast: { string: defusedText },
  });
}
