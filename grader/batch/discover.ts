/**
 * The students of a submissions folder: each subfolder is one student (its name is the student id,
 * whatever characters it holds), and so is each `<name>.zip` (id `<name>`, or `<name>.zip` when a folder
 * of the same name exists). Anything else, and hidden entries (".git", "__MACOSX"), is listed as ignored,
 * so nothing disappears silently.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareIds } from './grades-file.ts';

export interface StudentEntry {
  id: string;
  kind: 'folder' | 'zip';
  path: string;
}

export function discoverStudents(root: string): { students: StudentEntry[]; ignored: string[] } {
  const students: StudentEntry[] = [];
  const ignored: string[] = [];
  const names = readdirSync(root).sort(compareIds);
  const folders = new Set<string>();
  for (const name of names) {
    const path = join(root, name);
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // a dangling link: not a student
    }
    if (name.startsWith('.') || name === '__MACOSX') {
      if (name !== '.DS_Store') ignored.push(name);
    } else if (isFolder) {
      students.push({ id: name, kind: 'folder', path });
      folders.add(name);
    } else if (/\.zip$/i.test(name)) {
      students.push({ id: name, kind: 'zip', path });
    } else {
      ignored.push(name);
    }
  }
  for (const student of students) {
    if (student.kind === 'zip') {
      const bare = student.id.replace(/\.zip$/i, '');
      if (!folders.has(bare) && bare !== '') student.id = bare;
    }
  }
  return { students: students.sort((a, b) => compareIds(a.id, b.id)), ignored };
}
