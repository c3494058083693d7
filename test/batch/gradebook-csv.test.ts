/**
 * gradebook.csv: RFC 4180 quoting, every student a row (names JavaScript objects treat specially
 * included), and no cell a spreadsheet would run as a formula (OWASP's CSV-injection rule), while points
 * stay numbers.
 */
import { describe, expect, it } from 'vitest';
import { csvField, gradebookCsv } from '../../grader/batch/gradebook-csv.ts';
import { idTable } from '../../grader/batch/id-table.ts';
import type { StudentGrades } from '../../grader/batch/grades-file.ts';

const grades = (score: number): StudentGrades => ({ 'sigmoid-derivative': { score, max: 18, tests: [] } });

describe('csvField', () => {
  it('prefixes a quote to text a spreadsheet would take for a formula', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('@SUM(1+1)')).toBe("'@SUM(1+1)");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1+2')).toBe("'-1+2");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
  });

  it('leaves other text, and numbers, as they are', () => {
    expect(csvField('ada')).toBe('ada');
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField("o'brien")).toBe("o'brien");
    expect(csvField('Émile, "the" Borel')).toBe('"Émile, ""the"" Borel"');
    expect(csvField(18)).toBe('18');
    expect(csvField(0.5)).toBe('0.5');
  });
});

describe('gradebookCsv', () => {
  it('has a row for every student, however named, with numeric points', () => {
    const students = idTable<StudentGrades>();
    for (const [id, score] of [['__proto__', 1], ['constructor', 2], ['toString', 3], ['=HYPERLINK("http://x","y")', 4], ['@SUM(1+1)', 5]] as const) students[id] = grades(score);
    expect(gradebookCsv(students, ['sigmoid-derivative']).split('\r\n')).toEqual([
      'student,sigmoid-derivative,total',
      '"\'=HYPERLINK(""http://x"",""y"")",4,4',
      "'@SUM(1+1),5,5",
      '__proto__,1,1',
      'constructor,2,2',
      'toString,3,3',
      '',
    ]);
  });
});
