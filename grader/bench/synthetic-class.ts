/**
 * A synthetic class for the batch benchmark: N students, each handing in the four assignments drawn from
 * the fixture submissions (correct ones and mistakes alike, in a fixed rotation), some with a file missing.
 * Written to a temporary folder; deterministic for a given N.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assignments } from '../../assignments/index.ts';
import { fixturesDir } from '../paths.ts';

export function syntheticClass(size: number, options: { empty?: boolean } = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'numgrade-bench-class-'));
  const fixtures = join(fixturesDir, 'submissions');
  const sources = assignments.map((assignment) =>
    readdirSync(fixtures)
      .sort()
      .map((name) => join(fixtures, name, `${assignment.id}.ts`))
      .filter((file) => existsSync(file)),
  );
  for (let student = 0; student < size; student++) {
    const folder = join(root, `student-${String(student).padStart(4, '0')}`);
    mkdirSync(folder);
    if (options.empty) continue;
    assignments.forEach((assignment, index) => {
      if ((student * 7 + index) % 23 === 0) return; // now and then a file is missing
      const files = sources[index]!;
      cpSync(files[(student * 5 + index * 3) % files.length]!, join(folder, `${assignment.id}.ts`));
    });
  }
  return root;
}
