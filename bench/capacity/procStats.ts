/** Reads process facts from Linux /proc: resident memory, the open-files limit, open descriptors. */
import { readdirSync, readFileSync } from 'node:fs';

/** VmRSS of a process in KB (from /proc/<pid>/status). */
export function readRssKb(pid: number | 'self'): number {
  const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]);
}

/** Soft "Max open files" limit of a process (what `ulimit -n` shows); Infinity when unlimited. */
export function readOpenFilesLimit(pid: number | 'self' = 'self'): number {
  const match = /^Max open files\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  if (!match || match[1] === 'unlimited') return Infinity;
  return Number(match[1]);
}

/** Number of descriptors a process holds open right now. */
export function countOpenFds(pid: number | 'self'): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** CPU time (user + system) a process has used so far, in ms (from /proc/<pid>/stat, USER_HZ = 100). */
export function readCpuMs(pid: number | 'self'): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * Machine-wide CPU time so far (all cores, from /proc/stat), in ms: `processes` is user, nice
 * and system time (what processes use); `irq` is interrupt and softirq time (loopback TCP).
 */
export function readMachineCpuMs(): { processes: number; irq: number } {
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return { processes: (user + nice + system) * 10, irq: (irq + softirq) * 10 };
}
