/**
 * Resident memory of a process and its descendants, KiB, from Linux's /proc (0 where there is none).
 * The sandbox's memory watchdog and the batch benchmark both measure a process tree this way.
 */
import { readFileSync } from 'node:fs';

export function treeResidentKb(pid: number, maxDepth = 6): number {
  let total = 0;
  const visit = (id: number, depth: number) => {
    if (depth > maxDepth) return;
    try {
      const status = readFileSync(`/proc/${id}/status`, 'utf8');
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      for (const child of readFileSync(`/proc/${id}/task/${id}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) visit(Number(child), depth + 1);
    } catch {
      // the process ended meanwhile, or there is no /proc
    }
  };
  visit(pid, 0);
  return total;
}
