/**
 * The grader's version as recorded with every grade: the package version plus a hash of everything that
 * decides a grade (the engine, the assignment definitions, their data and the reference solutions), so a
 * change to any of them is a new version and `--resume` regrades.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { projectRoot } from './paths.ts';

let cached: string | undefined;

export function graderVersion(): string {
  if (cached) return cached;
  const hash = createHash('sha256');
  const files = ['grader', 'assignments', 'solutions', join('fixtures', 'data')].flatMap((folder) => listFiles(join(projectRoot, folder)));
  for (const file of files.sort()) {
    hash.update(`${relative(projectRoot, file).split('\\').join('/')}\0`).update(readFileSync(file)).update('\0');
  }
  const version = (JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version;
  cached = `${version}+${hash.digest('hex').slice(0, 12)}`;
  return cached;
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return /\.(ts|mts|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}
