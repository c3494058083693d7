/**
 * Each student's folder under `<out>`: their id when it is free; distinct where case and Unicode
 * normalization do not count (macOS, Windows); never one of the class's own files or a Windows device.
 */
import { describe, expect, it } from 'vitest';
import { folderKey, outputFolders } from '../../grader/batch/output-folders.ts';

const foldersOf = (ids: string[]) => Object.fromEntries([...outputFolders(ids)].map(([id, placed]) => [id, placed.folder]));

describe('outputFolders', () => {
  it('is the id for ordinary students', () => {
    expect(foldersOf(['ada', 'Émile "the" Borel, Jr', '李雷', '__proto__'])).toEqual({ ada: 'ada', 'Émile "the" Borel, Jr': 'Émile "the" Borel, Jr', 李雷: '李雷', ['__proto__']: '__proto__' }); // a computed key: `__proto__:` would set the literal's prototype
  });

  it('moves a student named like one of the class files, even when another student has the moved name', () => {
    const placed = outputFolders(['grades.json', 'student-grades.json', 'Index.HTML', 'handouts', 'NUL.txt']);
    expect(Object.fromEntries([...placed].map(([id, entry]) => [id, entry.folder]))).toEqual({
      'grades.json': 'student-grades.json (2)',
      'student-grades.json': 'student-grades.json',
      'Index.HTML': 'student-Index.HTML',
      handouts: 'student-handouts',
      'NUL.txt': 'student-NUL.txt',
    });
    expect(placed.get('grades.json')!.note).toBe('written to the folder "student-grades.json (2)" of the class\'s output: "grades.json" is a name the grader keeps for its own files there');
    expect(placed.get('student-grades.json')!.note).toBeUndefined();
  });

  it('keeps ids that differ only by case or normalization in different folders, the first keeping its name', () => {
    const composed = 'Zo\u00e9';
    const decomposed = 'Zoe\u0301';
    expect(foldersOf(['ann', 'Ann', 'ANN', 'Ann (2)', composed, decomposed, 'carol', 'carol.'])).toEqual({
      ANN: 'ANN',
      Ann: 'Ann (3)',
      'Ann (2)': 'Ann (2)',
      ann: 'ann (4)', // "ann (2)" and "ann (3)" are taken, under the comparison, by "Ann (2)" and "Ann (3)"
      [decomposed]: decomposed,
      [composed]: `${composed} (2)`,
      carol: 'carol',
      'carol.': 'carol. (2)',
    });
  });

  it('gives distinct folders, under a case-insensitive comparison, whatever the ids', () => {
    const ids = ['a', 'A', 'a (2)', 'A (2)', 'grades.json', 'GRADES.JSON', 'student-grades.json', 'Student-Grades.json', 'con', 'x.', 'x', 'x ', ' '];
    const folders = [...outputFolders(ids).values()].map((entry) => folderKey(entry.folder));
    expect(new Set(folders).size).toBe(ids.length);
  });
});
