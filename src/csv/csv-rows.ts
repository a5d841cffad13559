/**
 * The one CSV writer: the audit export (API and CLI) and the digest's sessions file. RFC 4180 quoting; on top of it,
 * a cell a person or a client typed that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
 * with `'`, so a spreadsheet shows it as text instead of running it as a formula (OWASP, "CSV Injection"). The exact
 * values, for re-hashing, are in the JSON Lines export.
 *
 * Written by hand rather than with csv-stringify: an export formats millions of cells on the server's one thread,
 * and csv-stringify's per-cell option handling cost several times the rest of the export (its output, which this
 * matches byte for byte, is checked in test/unit/csv-rows.test.ts).
 */
export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

/** Quoted: the delimiter, a quote, a CR or LF anywhere (so no reader splits the line), or an edge space (trimmed). */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** A text cell as a spreadsheet may safely open it; numbers are written as they are (a negative is no formula). */
export function defusedText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = defusedText(cell);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV text, each line ended by `lineEnd` (CRLF as RFC 4180 has it; LF where a file is read line by line). */
export function csvRows(rows: readonly (readonly CsvCell[])[], lineEnd: '\r\n' | '\n' = '\r\n'): string {
  let text = '';
  for (const row of rows) text += row.map(cellText).join(',') + lineEnd;
  return text;
}
