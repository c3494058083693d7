import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { unzipSubmission } from '../../grader/batch/unzip.ts';
import { makeZip, tempFolder } from './build-class.ts';

describe('unzipping a submission', () => {
  it('unpacks the files and refuses entries that leave the folder or are symbolic links', async () => {
    const dir = tempFolder('numgrade-unzip-test-');
    const zip = join(dir, 'student.zip');
    await makeZip(zip, [
      { name: 'sigmoid-derivative.ts', contents: 'export const a = 1;' },
      { name: 'sub/helper.ts', contents: 'export const b = 2;' },
      { name: '../escaped.ts', contents: 'pwned' },
      { name: '/abs.ts', contents: 'pwned' },
      { name: 'link.ts', contents: '../../../solutions/sigmoid-derivative.ts', mode: 0o120777 },
    ]);
    const outcome = await unzipSubmission(zip);
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(readFileSync(join(outcome.folder, 'sigmoid-derivative.ts'), 'utf8')).toBe('export const a = 1;');
    expect(readFileSync(join(outcome.folder, 'sub', 'helper.ts'), 'utf8')).toBe('export const b = 2;');
    expect(readdirSync(outcome.folder).sort()).toEqual(['sigmoid-derivative.ts', 'sub']);
    expect(existsSync(join(dirname(outcome.folder), 'escaped.ts'))).toBe(false);
    expect(existsSync('/abs.ts')).toBe(false);
    expect(outcome.refused).toEqual(['../escaped.ts (points outside the submission)', '/abs.ts (points outside the submission)', 'link.ts (a symbolic link)']);
    rmSync(outcome.folder, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('says why a file that is not a zip cannot be graded, and stops a zip bomb at its size limit', async () => {
    const dir = tempFolder('numgrade-unzip-test-');
    const broken = join(dir, 'broken.zip');
    writeFileSync(broken, 'not a zip');
    const bad = await unzipSubmission(broken);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/could not be read/);
    const big = join(dir, 'big.zip');
    await makeZip(big, [{ name: 'a.ts', contents: 'x'.repeat(2_000_000) }]);
    const bomb = await unzipSubmission(big, { maxEntries: 10, maxTotalBytes: 1_000_000 });
    expect(bomb).toEqual({ ok: false, reason: 'the zip unpacks to more than 1 MB' });
    rmSync(dir, { recursive: true, force: true });
  });
});

