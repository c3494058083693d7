/**
 * `<out>/gradebook.csv`: one row per student (`student`, one column of points per assignment, `total`),
 * quoted by RFC 4180 so that any folder name (commas, quotes, line breaks, accents) survives a spreadsheet.
 * Lines end in CRLF, as the RFC says. UTF-8 without a byte-order mark: a BOM would become part of the
 * first header ("\uFEFFstudent") for the scripts that read this file.
 */
import type { StudentGrades } from './grades-file.ts';
import { compareIds } from './grades-file.ts';

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function gradebookCsv(students: Record<string, StudentGrades>, assignments: readonly string[]): string {
  const rows = [['student', ...assignments, 'total']];
  for (const student of Object.keys(students).sort(compareIds)) {
    const grades = students[student]!;
    const points = assignments.map((assignment) => grades[assignment]?.score ?? 0);
    rows.push([student, ...points.map(String), String(points.reduce((sum, value) => sum + value, 0))]);
  }
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
