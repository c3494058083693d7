/**
 * Where in an upload the student's files are. Students zip a folder, or upload one, so the assignment
 * files may sit one or more levels down. Used by `grader batch` (each student) and `grader gradescope`.
 */
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Folders an upload may wrap its files in, searched this deep below the submission folder. */
const MAX_DEPTH = 3;
const SKIPPED = new Set(['__MACOSX', 'node_modules']);

/**
 * The folder holding the student's `<assignment-id>.ts` files. Gradescope unpacks an upload into the
 * submission folder, and a student may have uploaded a folder (or a zip of one), so: the top level if it
 * holds any assignment file, otherwise the one folder below it that does. Symbolic links to folders are
 * never followed, so the folder found always lies inside the submission (compile.ts separately refuses
 * to read any file that resolves outside it). With no such folder, or several, the top level is graded
 * (each missing file fails its assignment's tests) and a note tells the student why.
 */
export function findSubmissionFolder(root: string, ids: readonly string[]): { folder: string; notes: string[] } {
  const top = realpathSync(root);
  const holdsAny = (folder: string) => ids.some((id) => isFileEntry(join(folder, `${id}.ts`)));
  if (holdsAny(top)) return { folder: top, notes: [] };
  const candidates: string[] = [];
  const visit = (folder: string, depth: number) => {
    if (depth > MAX_DEPTH) return;
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      // Dirent.isDirectory() is false for a symbolic link, whatever it points to.
      if (!entry.isDirectory() || entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const child = join(folder, entry.name);
      if (holdsAny(child)) candidates.push(child);
      else visit(child, depth + 1);
    }
  };
  visit(top, 1);
  const expected = ids.map((id) => `${id}.ts`).join(', ');
  if (candidates.length === 1) return { folder: candidates[0]!, notes: [] };
  if (candidates.length === 0) return { folder: top, notes: [`no assignment files were found in your upload: expected ${expected}`] };
  const where = candidates.map((folder) => `${relative(top, folder)}/`).join(', ');
  return { folder: top, notes: [`assignment files were found in several folders (${where}); upload ${expected} together, at the top level or in one folder`] };
}

function isFileEntry(path: string): boolean {
  try {
    const stat = lstatSync(path);
    return stat.isFile() || stat.isSymbolicLink();
  } catch {
    return false;
  }
}
