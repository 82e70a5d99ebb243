/** Bytes of every file under a directory (0 when it does not exist): what a recordings store holds on disk. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Sum of the sizes of the files under `path`, recursively. */
export function directoryBytes(path: string): number {
  if (!existsSync(path)) return 0;
  let total = 0;
  for (const name of readdirSync(path)) {
    const full = join(path, name);
    const stat = statSync(full);
    total += stat.isDirectory() ? directoryBytes(full) : stat.size;
  }
  return total;
}
