/**
 * Writes a file by writing a temporary file beside it and renaming it into place, so a process stopped
 * mid-write leaves the old file or the new one, never half of one.
 *
 * `sameContents`: the caller knows any existing copy has the same contents (a cache file named by its
 * hash). Then a failed rename (on Windows, while another process has that copy open) keeps theirs.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeAtomically(path: string, contents: string | Uint8Array, options: { sameContents?: boolean } = {}): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, contents);
  try {
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    if (!options.sameContents || !existsSync(path)) throw error;
  }
}
