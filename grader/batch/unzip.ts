/**
 * A student's `.zip`, unpacked into a fresh temporary folder for grading. The archive is untrusted: an
 * entry whose name leaves the folder ("../x", "/etc/x", "C:\\x") or that is a symbolic link is refused and
 * not written; a zip bomb stops at a size limit. Names are decoded as the zip says (UTF-8 or CP437).
 */
import * as yauzl from 'yauzl';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { pipeline } from 'node:stream/promises';

export interface UnzipLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

export const defaultUnzipLimits: UnzipLimits = { maxEntries: 2_000, maxTotalBytes: 100_000_000 };

export type UnzipOutcome =
  | { ok: true; folder: string; refused: string[] }
  | { ok: false; reason: string };

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

export async function unzipSubmission(zipPath: string, limits: UnzipLimits = defaultUnzipLimits): Promise<UnzipOutcome> {
  const folder = mkdtempSync(join(tmpdir(), 'numgrade-zip-'));
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.openPromise(zipPath, { decodeStrings: false, validateEntrySizes: true, autoClose: false });
    if (zip.entryCount > limits.maxEntries) return fail(folder, `the zip has ${zip.entryCount} entries (more than ${limits.maxEntries})`);
    const refused: string[] = [];
    let total = 0;
    for await (const entry of zip.eachEntry()) {
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, false).replace(/\\/g, '/');
      const target = resolve(folder, name);
      const inside = relative(folder, target);
      const isLink = ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
      if (yauzl.validateFileName(name) !== null || inside.startsWith('..') || isAbsolute(inside) || /^[a-zA-Z]:/.test(name) || isLink) {
        refused.push(isLink ? `${name} (a symbolic link)` : `${name} (points outside the submission)`);
        continue;
      }
      if (name.endsWith('/')) {
        mkdirSync(target, { recursive: true });
        continue;
      }
      total += entry.uncompressedSize;
      if (total > limits.maxTotalBytes) return fail(folder, `the zip unpacks to more than ${limits.maxTotalBytes / 1e6} MB`);
      mkdirSync(dirname(target), { recursive: true });
      await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(target, { flags: 'wx' }));
    }
    return { ok: true, folder, refused };
  } catch (error) {
    return fail(folder, `the zip could not be read: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    zip?.close();
  }
}

function fail(folder: string, reason: string): UnzipOutcome {
  rmSync(folder, { recursive: true, force: true });
  return { ok: false, reason };
}
