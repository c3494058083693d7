/**
 * The students of a submissions folder: each subfolder is one student (its name is the student id,
 * whatever characters it holds), and so is each `<name>.zip`. Anything else, and hidden entries (".git",
 * "__MACOSX"), is refused, with the reason, so nothing disappears silently (but ".DS_Store", Finder's
 * droppings, which are no one's submission).
 *
 * Every student gets an id of its own: a grade is never written over another's. A folder's id is its name,
 * which no other entry has. A zip's id is its name without ".zip" when that is unambiguous, and its whole
 * name otherwise: when another zip would lose the same ".zip" (`dup.zip` and `dup.ZIP` are both "dup"), or
 * when another entry is called that (`carol/` beside `carol.zip`; `carol.zip` beside `carol.zip.zip`).
 * Whole names are distinct (one folder holds them), and a short id is taken only when nothing else could
 * claim it, so no two ids are equal, and the same folder gives the same ids on every run and machine.
 * A student given their whole name has a note that says why.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compareIds } from './grades-file.ts';

export interface StudentEntry {
  /** The student's id: the key in grades.json, the name in gradebook.csv and the reports. */
  id: string;
  kind: 'folder' | 'zip';
  /** The entry's name in the submissions folder (`carol.zip`, `dup.ZIP`). */
  name: string;
  path: string;
  /** Why the id is not the obvious one, for staff and for the student's report. */
  notes?: string[];
}

/** An entry of the submissions folder that is not a student. */
export interface RefusedEntry {
  name: string;
  reason: string;
}

export interface DiscoveredClass {
  students: StudentEntry[];
  refused: RefusedEntry[];
}

export function discoverStudents(root: string): DiscoveredClass {
  const found: Array<Omit<StudentEntry, 'id'>> = [];
  const refused: RefusedEntry[] = [];
  for (const name of readdirSync(root).sort(compareIds)) {
    const path = join(root, name);
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // a dangling link: not a folder (as a ".zip" it fails to unpack, and says so)
    }
    if (name === '.DS_Store') continue;
    if (name === '__MACOSX') refused.push({ name, reason: "macOS's archive metadata" });
    else if (name.startsWith('.')) refused.push({ name, reason: 'hidden (its name starts with ".")' });
    else if (isFolder) found.push({ kind: 'folder', name, path });
    else if (ZIP.test(name)) found.push({ kind: 'zip', name, path });
    else refused.push({ name, reason: 'not a folder or .zip' });
  }
  return { students: assignIds(found).sort((a, b) => compareIds(a.id, b.id)), refused };
}

const ZIP = /\.zip$/i;

/** The id a student would have alone: a folder's name, a zip's name without ".zip". */
export function shortId(entry: { kind: 'folder' | 'zip'; name: string }): string {
  return entry.kind === 'zip' ? entry.name.replace(ZIP, '') : entry.name;
}

/** Every entry's id, distinct (see the file's comment); pure, for the tests. */
export function assignIds(entries: ReadonlyArray<Omit<StudentEntry, 'id'>>): StudentEntry[] {
  const names = new Set(entries.map((entry) => entry.name));
  const claimants = new Map<string, string[]>();
  for (const entry of entries) {
    if (entry.kind !== 'zip') continue;
    const short = shortId(entry);
    claimants.set(short, [...(claimants.get(short) ?? []), entry.name]);
  }
  return entries.map((entry): StudentEntry => {
    if (entry.kind === 'folder') return { ...entry, id: entry.name };
    const short = shortId(entry);
    const rivals = claimants.get(short)!.filter((name) => name !== entry.name);
    if (short !== '' && !names.has(short) && rivals.length === 0) return { ...entry, id: short };
    const why = names.has(short) ? `${JSON.stringify(short)} is the name of another submission` : rivals.length > 0 ? `${rivals.map((name) => JSON.stringify(name)).join(' and ')} would be ${JSON.stringify(short)} too` : 'its name is ".zip" alone';
    return { ...entry, id: entry.name, notes: [`graded as the student ${JSON.stringify(entry.name)}, not ${JSON.stringify(short)}: ${why}`] };
  });
}
