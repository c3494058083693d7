/**
 * A content hash of a submission, for `--resume`: a student whose files are unchanged (names and bytes)
 * since their last grading, by the same grader version and seed, is not graded again. A zip is hashed as
 * its bytes. Symbolic links count by their target's name, and are never followed.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { compareIds } from './grades-file.ts';

const SKIPPED = new Set(['node_modules', '.git']);

export function hashSubmission(path: string, kind: 'folder' | 'zip'): string {
  const hash = createHash('sha256');
  if (kind === 'zip') hash.update(readFileSync(path));
  else walk(path, '', hash);
  return hash.digest('hex');
}

function walk(root: string, prefix: string, hash: ReturnType<typeof createHash>): void {
  const entries = readdirSync(join(root, prefix), { withFileTypes: true }).sort((a, b) => compareIds(a.name, b.name));
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) walk(root, relative, hash);
    } else if (entry.isSymbolicLink()) {
      hash.update(`link\0${relative}\0${readlinkSync(join(root, relative))}\0`);
    } else if (entry.isFile()) {
      const bytes = readFileSync(join(root, relative));
      hash.update(`file\0${relative}\0${bytes.length}\0`).update(bytes);
    }
  }
}
