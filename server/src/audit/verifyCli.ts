/**
 * `npm run audit:verify -- FILE`: checks an audit log's hash chain, then every recording the log
 * names against its store (LOOKALONG_DATABASE_URL, else LOOKALONG_RECORDINGS_DIR or
 * data/recordings): a chunk edited, dropped, reordered or added breaks it too. Exit 0 intact,
 * 1 broken, 2 usage or unreadable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { FileRecordingStore } from '../recordings/fileRecordingStore';
import { PostgresRecordingStore } from '../recordings/postgresRecordingStore';
import type { RecordingStore } from '../recordings/recordingStore';
import { AuditChainVerifier } from './auditLog';
import { AuditedRecordings, chunkProblems, describeChunkProblem } from './recordedChunks';

const USAGE = 'usage: npm run audit:verify -- FILE   (e.g. data/audit.jsonl)';

function fail(line: string, code: number): never {
  console.error(line);
  process.exit(code);
}

async function openStore(): Promise<RecordingStore | null> {
  const url = process.env['LOOKALONG_DATABASE_URL'];
  if (url) return PostgresRecordingStore.open(url);
  const dir = process.env['LOOKALONG_RECORDINGS_DIR'] || 'data/recordings';
  return existsSync(dir) ? new FileRecordingStore(dir) : null;
}

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) fail(USAGE, 2);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n${USAGE}`, 2);
  }
  const verifier = new AuditChainVerifier();
  const recordings = new AuditedRecordings();
  for (const line of text.split('\n')) {
    const entry = verifier.push(line);
    if (verifier.broken) fail(`audit chain broken at line ${verifier.broken.line}: ${verifier.broken.reason}`, 1);
    if (entry) recordings.push(entry);
  }
  const kept = [...recordings.byId].filter(([, recording]) => !recording.gone && recording.chunks.size > 0);
  let chunks = 0;
  const problems: string[] = [];
  if (kept.length > 0) {
    const store = await openStore().catch((err: Error) => fail(`cannot open the recordings' store: ${err.message}`, 2));
    if (!store) fail('the log names recordings but there is no recordings store (set LOOKALONG_RECORDINGS_DIR or LOOKALONG_DATABASE_URL)', 2);
    try {
      for (const [id, recording] of kept) {
        chunks += recording.chunks.size;
        problems.push(...chunkProblems(id, recording, await store.readChunks(id)).map(describeChunkProblem));
      }
    } finally {
      await store.close();
    }
  }
  if (problems.length) fail(problems.join('\n'), 1);
  const recordingsPart = kept.length ? `; ${kept.length} recordings, ${chunks} chunks match their audited hashes` : '';
  console.log(`audit chain intact: ${verifier.count} entries${recordingsPart}`);
}

void main();
