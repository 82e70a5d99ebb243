/** `npm run audit:verify -- FILE`: checks an audit log's hash chain; exit 0 intact, 1 broken, 2 usage. */
import { readFileSync } from 'node:fs';
import { findAuditBreak } from './auditLog';

const USAGE = 'usage: npm run audit:verify -- FILE   (e.g. data/audit.jsonl)';

const file = process.argv[2];
if (!file) {
  console.error(USAGE);
  process.exit(2);
}

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (err) {
  console.error(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  console.error(USAGE);
  process.exit(2);
}

const broken = findAuditBreak(text);
if (broken) {
  console.error(`audit chain broken at line ${broken.line}: ${broken.reason}`);
  process.exit(1);
}
const entries = text.split('\n').filter((line) => line.length > 0).length;
console.log(`audit chain intact: ${entries} entries`);
