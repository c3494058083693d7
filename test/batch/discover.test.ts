/**
 * The students of a submissions folder: every input gets an id of its own, the same on every run, with a
 * note where it is not the obvious one (`dup.zip` + `dup.ZIP`; `carol/` + `carol.zip` + `carol.zip.zip`);
 * names JavaScript objects treat specially are ids like any other; whatever is not a student is refused,
 * with the reason, and nothing but Finder's .DS_Store goes unlisted.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assignIds, discoverStudents, type StudentEntry } from '../../grader/batch/discover.ts';
import { tempFolder } from './build-class.ts';

const zip = (name: string) => ({ kind: 'zip' as const, name, path: `/class/${name}` });
const folder = (name: string) => ({ kind: 'folder' as const, name, path: `/class/${name}` });
const idsOf = (entries: StudentEntry[]) => Object.fromEntries(entries.map((entry) => [entry.name, entry.id]));

describe('assignIds', () => {
  it("names a zip by its name without .zip when nothing else could claim that id", () => {
    expect(idsOf(assignIds([zip('dave.zip'), zip('Eve.ZIP'), folder('carol')]))).toEqual({ 'dave.zip': 'dave', 'Eve.ZIP': 'Eve', carol: 'carol' });
  });

  it('gives dup.zip and dup.ZIP their whole names, each with a note naming the other', () => {
    const entries = assignIds([zip('dup.ZIP'), zip('dup.zip')]);
    expect(idsOf(entries)).toEqual({ 'dup.ZIP': 'dup.ZIP', 'dup.zip': 'dup.zip' });
    expect(entries[0]!.notes).toEqual(['graded as the student "dup.ZIP", not "dup": "dup.zip" would be "dup" too']);
    expect(entries[1]!.notes).toEqual(['graded as the student "dup.zip", not "dup": "dup.ZIP" would be "dup" too']);
  });

  it('keeps carol/, carol.zip and carol.zip.zip apart', () => {
    const entries = assignIds([folder('carol'), zip('carol.zip'), zip('carol.zip.zip')]);
    expect(idsOf(entries)).toEqual({ carol: 'carol', 'carol.zip': 'carol.zip', 'carol.zip.zip': 'carol.zip.zip' });
    expect(entries[0]!.notes).toBeUndefined();
    expect(entries[1]!.notes).toEqual(['graded as the student "carol.zip", not "carol": "carol" is the name of another submission']);
    expect(entries[2]!.notes![0]).toMatch(/"carol\.zip" is the name of another submission/);
  });

  it('a folder named like a zip keeps its name, and the zip that would take it gets its whole name', () => {
    expect(idsOf(assignIds([folder('x.zip'), zip('x.zip.zip')]))).toEqual({ 'x.zip': 'x.zip', 'x.zip.zip': 'x.zip.zip' });
  });

  it('never gives two inputs the same id, whatever the mix', () => {
    const names = ['a', 'a.zip', 'a.ZIP', 'a.zip.zip', 'a.zip.ZIP', 'a.Zip.zip', 'b.zip', 'B.zip', 'b.zip.zip'];
    for (let mask = 1; mask < 1 << names.length; mask++) {
      const chosen = names.filter((_, index) => mask & (1 << index));
      // "a" as a folder, the rest as zips (a folder "a.zip" is covered above).
      const entries = assignIds(chosen.map((name) => (name === 'a' ? folder(name) : zip(name))));
      const ids = entries.map((entry) => entry.id);
      expect(new Set(ids).size, chosen.join(' ')).toBe(ids.length);
      for (const entry of entries) if (entry.id !== entry.name.replace(/\.zip$/i, '') && entry.kind === 'zip') expect(entry.notes, entry.name).toHaveLength(1);
    }
  });
});

describe('discoverStudents', () => {
  it('finds folders and zips, awkward names included, and refuses the rest with the reason', () => {
    const root = tempFolder('numgrade-discover-');
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'carol', 'grades.json', 'evil\n\x1b[2J', '.git', '__MACOSX']) mkdirSync(join(root, name));
    for (const name of ['dup.zip', 'dup.ZIP', 'carol.zip', 'carol.zip.zip', 'notes.txt', '.DS_Store']) writeFileSync(join(root, name), '');
    const { students, refused } = discoverStudents(root);
    expect(students.map((entry) => entry.id)).toEqual(['__proto__', 'carol', 'carol.zip', 'carol.zip.zip', 'constructor', 'dup.ZIP', 'dup.zip', 'evil\n\x1b[2J', 'grades.json', 'hasOwnProperty', 'toString']);
    expect(students.find((entry) => entry.id === 'carol.zip')).toMatchObject({ kind: 'zip', name: 'carol.zip', path: join(root, 'carol.zip') });
    expect(refused).toEqual([
      { name: '.git', reason: 'hidden (its name starts with ".")' },
      { name: '__MACOSX', reason: "macOS's archive metadata" },
      { name: 'notes.txt', reason: 'not a folder or .zip' },
    ]);
  });
});
