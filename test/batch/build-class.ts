/**
 * Builds small classes for the batch tests in a temporary folder, from the fixture submissions: student
 * folders with awkward names, zips (good, broken, and hostile ones with entries that escape the folder).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';
import { fixturesDir } from '../../grader/paths.ts';

export const submissionsDir = join(fixturesDir, 'submissions');

/** Every folder tempFolder made for the test file importing this module, removed when that file is done. */
const made: string[] = [];
afterAll(() => {
  for (const folder of made.splice(0)) rmSync(folder, { recursive: true, force: true });
});

export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  made.push(folder);
  return folder;
}

/** Copies a fixture submission's .ts files into `<classDir>/<student>`. */
export function addStudent(classDir: string, student: string, fixture: string): void {
  const target = join(classDir, student);
  mkdirSync(target, { recursive: true });
  for (const file of readdirSync(join(submissionsDir, fixture)).filter((name) => name.endsWith('.ts'))) {
    cpSync(join(submissionsDir, fixture, file), join(target, file));
  }
}

export interface ZipEntry {
  name: string;
  contents: string;
  /** Unix mode, e.g. 0o120777 for a symbolic link. */
  mode?: number;
}

/** A zip built with yazl; names yazl refuses ("../x") are written as same-length placeholders, then patched. */
export async function makeZip(path: string, entries: ZipEntry[]): Promise<void> {
  const zip = new yazl.ZipFile();
  const patches: Array<[string, string]> = [];
  for (const entry of entries) {
    let name = entry.name;
    if (name.startsWith('../') || name.startsWith('/')) {
      const placeholder = (name.startsWith('/') ? `x${name.slice(1)}` : name).replace(/\.\./g, 'xx');
      patches.push([placeholder, name]);
      name = placeholder;
    }
    zip.addBuffer(Buffer.from(entry.contents), name, entry.mode === undefined ? {} : { mode: entry.mode });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  let bytes = Buffer.concat(chunks);
  for (const [placeholder, name] of patches) {
    bytes = Buffer.from(bytes.toString('latin1').split(placeholder).join(name), 'latin1');
  }
  writeFileSync(path, bytes);
}

/** A fixture submission's files as zip entries, optionally under a folder (as when a student zips one). */
export function fixtureEntries(fixture: string, under = ''): ZipEntry[] {
  return readdirSync(join(submissionsDir, fixture))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => ({ name: `${under}${name}`, contents: readFileSync(join(submissionsDir, fixture, name), 'utf8') }));
}
