/**
 * grades.json keeps every student, whatever their id: "__proto__", "constructor", "toJSON" are keys like
 * any other, written and read back; and validateGradesFile notices a student lost on the way (in the
 * grades but not in the run, or the other way round) or two students sharing a folder.
 */
import { describe, expect, it } from 'vitest';
import { gradesJson, RUN_KEY, validateGradesFile, type GradingRun, type StudentGrades, type StudentRun } from '../../grader/batch/grades-file.ts';
import { idTable, own } from '../../grader/batch/id-table.ts';

const AWKWARD = ['__proto__', 'constructor', 'toJSON', 'hasOwnProperty', 'toString', 'valueOf'];

function run(students: Record<string, StudentRun>): GradingRun {
  return {
    graderVersion: '0.1.0+test',
    seed: 7,
    assignments: ['sigmoid-derivative'],
    node: 'v20.0.0',
    isolation: { level: 'full', sandbox: 'test', filesystem: 'test', network: 'test' } as GradingRun['isolation'],
    timeLimits: { perCallMs: {}, perTestMs: {}, perSubmissionMs: 1, referenceTotalMs: 1 },
    students,
  };
}

function classOf(ids: readonly string[], folder: (id: string) => string = (id) => id) {
  const students = idTable<StudentGrades>();
  const runs = idTable<StudentRun>();
  ids.forEach((id, index) => {
    students[id] = { 'sigmoid-derivative': { score: index, max: 18, tests: [{ id: 't', title: 't', score: index, max: 18, status: 'failed', feedback: '' }] } };
    runs[id] = { status: 'graded', submissionHash: 'h', folder: folder(id), entry: id };
  });
  return { run: run(runs), students };
}

describe('id tables', () => {
  it('hold "__proto__" and "constructor" as ordinary keys, and read nothing inherited', () => {
    const table = idTable<number>();
    table['__proto__'] = 1;
    expect(Object.keys(table)).toEqual(['__proto__']);
    expect(own(table, 'constructor')).toBeUndefined();
    expect(own({} as Record<string, number>, 'constructor')).toBeUndefined();
    expect(own(JSON.parse('{"__proto__": 3}') as Record<string, number>, '__proto__')).toBe(3);
  });
});

describe('grades.json', () => {
  it('writes every student, however named, and reads them all back', () => {
    const text = gradesJson(classOf(['ada', ...AWKWARD]));
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'ada', 'constructor', 'hasOwnProperty', 'toJSON', 'toString', 'valueOf', RUN_KEY]);
    expect(Object.keys((parsed[RUN_KEY] as GradingRun).students).sort()).toEqual(['ada', ...AWKWARD].sort());
    expect(((own(parsed, '__proto__') as StudentGrades)['sigmoid-derivative']!).score).toBe(1);
    expect(validateGradesFile(parsed)).toEqual([]);
  });

  it('finds a student lost from the grades or from the run', () => {
    const parsed = JSON.parse(gradesJson(classOf(['ada', 'constructor']))) as Record<string, unknown>;
    delete parsed['constructor'];
    expect(validateGradesFile(parsed)).toEqual(['"constructor" is in run.students but has no grades']);
    const again = JSON.parse(gradesJson(classOf(['ada', '__proto__']))) as Record<string, unknown>;
    delete (again[RUN_KEY] as GradingRun).students['__proto__'];
    expect(validateGradesFile(again)).toEqual(['"__proto__" has grades but no entry in run.students']);
  });

  it('finds two students sharing a folder, even one that differs only by case', () => {
    const parsed = JSON.parse(gradesJson(classOf(['Ann', 'ann']))) as Record<string, unknown>;
    expect(validateGradesFile(parsed)).toEqual(['"Ann" and "ann" share the folder "ann"']);
  });
});
