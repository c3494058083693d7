/**
 * `<out>/gradebook.csv`: one row per student (`student`, one column of points per assignment, `total`),
 * quoted by RFC 4180 so that any folder name (commas, quotes, line breaks, accents) survives a spreadsheet.
 * Lines end in CRLF, as the RFC says. UTF-8 without a byte-order mark: a BOM would become part of the
 * first header ("\uFEFFstudent") for the scripts that read this file.
 *
 * A student id is the student's own text, and a spreadsheet runs a cell that starts with "=" (or "+", "-",
 * "@", and on some, tab or carriage return) as a formula: a folder named `=HYPERLINK("http://x","y")` would
 * be a link in the TA's gradebook, and worse formulas reach other cells or the network. So text cells that
 * start so get a leading "'" (OWASP's rule for CSV injection), which spreadsheets show as text and hide.
 * Points are numbers, written as such and never prefixed (none is negative).
 */
import type { StudentGrades } from './grades-file.ts';
import { compareIds } from './grades-file.ts';
import { own } from './id-table.ts';

/** The first characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: text neutralised (see the file's comment) and quoted when RFC 4180 needs it; numbers as they are. */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gradebookCsv(students: Record<string, StudentGrades>, assignments: readonly string[]): string {
  const rows: Array<Array<string | number>> = [['student', ...assignments, 'total']];
  for (const student of Object.keys(students).sort(compareIds)) {
    const grades = own(students, student)!;
    const points = assignments.map((assignment) => grades[assignment]?.score ?? 0);
    rows.push([student, ...points, points.reduce((sum, value) => sum + value, 0)]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
