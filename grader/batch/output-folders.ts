/**
 * Each student's folder under `<out>`: their id, unless that folder could be someone else's. Ids are
 * distinct (discover.ts), but folder names must be distinct where `<out>` is written, and that may be a
 * file system that ignores case and Unicode normalization (macOS, Windows, a USB stick): "Ann" and "ann",
 * or "é" composed and decomposed, are one folder there, and whoever is written last would own it. Nor may
 * a student's folder be one of the class's own files ("grades.json", "index.html", "handouts"), nor a name
 * Windows keeps for devices ("CON", "nul.txt"), nor end in a dot or a space (Windows drops those).
 *
 * So, deterministically: names are compared as such a file system would (NFC, lower case, trailing dots and
 * spaces dropped); every id that is the only one of its kind keeps its name; of ids that share a name the
 * first (code-unit order) keeps it; the others, and reserved names, get `student-<id>` (reserved) or
 * `<id> (2)`, `<id> (3)`, … (shared), the first such name that is free. Each moved student has a note.
 */
/** Names under `<out>` that are the class's own files (grade-class.ts writes them), and may be later. */
export const RESERVED_OUTPUT_NAMES: ReadonlySet<string> = new Set(['grades.json', 'gradebook.csv', 'index.html', 'handouts', 'report.html', 'report.md', 'assets']);

/** Windows' device names, reserved with any extension ("con.txt" too). */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/;

/** A name as a case- and normalization-insensitive file system compares it. */
export function folderKey(name: string): string {
  return name.normalize('NFC').toLowerCase().replace(/[. ]+$/, '');
}

function isReserved(key: string): boolean {
  return RESERVED_OUTPUT_NAMES.has(key) || WINDOWS_DEVICE.test(key) || key === '';
}

export interface OutputFolder {
  folder: string;
  /** Why the folder is not the id, when it is not. */
  note?: string;
}

/** The folder of every id (see the file's comment): distinct under `folderKey`, and never reserved. */
export function outputFolders(ids: readonly string[]): Map<string, OutputFolder> {
  const sorted = [...ids].sort(); // code-unit order, as compareIds (grades-file.ts imports this file)
  const taken = new Set<string>();
  const placed = new Map<string, OutputFolder>();
  const firstOfKey = new Map<string, string>();
  for (const id of sorted) {
    const key = folderKey(id);
    if (isReserved(key) || firstOfKey.has(key)) continue;
    firstOfKey.set(key, id);
    taken.add(key);
    placed.set(id, { folder: id });
  }
  for (const id of sorted) {
    if (placed.has(id)) continue;
    const key = folderKey(id);
    const reserved = isReserved(key);
    const base = reserved ? `student-${id}` : id;
    let folder = reserved ? base : `${base} (2)`;
    for (let n = reserved ? 2 : 3; taken.has(folderKey(folder)) || isReserved(folderKey(folder)); n++) folder = `${base} (${n})`;
    taken.add(folderKey(folder));
    const why = reserved ? `${JSON.stringify(id)} is a name the grader keeps for its own files there` : `it would be the same folder as ${JSON.stringify(firstOfKey.get(key))}'s on a file system that ignores case (macOS's, Windows')`;
    placed.set(id, { folder, note: `written to the folder ${JSON.stringify(folder)} of the class's output: ${why}` });
  }
  return placed;
}
