/**
 * `npm run audit:verify -- FILE [FILE…]`: checks each audit log's hash chain (with several nodes,
 * pass every node's log), then every recording the logs name against its store
 * (LOOKALONG_DATABASE_URL, else LOOKALONG_RECORDINGS_DIR or data/recordings): a chunk edited,
 * dropped, reordered or added breaks it too. Exit 0 intact, 1 broken, 2 usage or unreadable.
 */
import { existsSync, readFileSync } from 'node:fs';
import { FileRecordingStore } from '../recordings/fileRecordingStore';
import { PostgresRecordingStore } from '../recordings/postgresRecordingStore';
import type { RecordingStore } from '../recordings/recordingStore';
import { AuditChainVerifier } from './auditLog';
import { AuditedRecordings, chunkProblems, describeChunkProblem } from './recordedChunks';

const USAGE = 'usage: npm run audit:verify -- FILE [FILE...]   (e.g. data/audit.jsonl; with several nodes, every node\'s log)';

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
  const files = process.argv.slice(2);
  if (files.length === 0) fail(USAGE, 2);
  const recordings = new AuditedRecordings();
  let entries = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n${USAGE}`, 2);
    }
    const verifier = new AuditChainVerifier();
    for (const line of text.split('\n')) {
      const entry = verifier.push(line);
      const at = files.length > 1 ? ` of ${file}` : '';
      if (verifier.broken) fail(`audit chain broken at line ${verifier.broken.line}${at}: ${verifier.broken.reason}`, 1);
      if (entry) recordings.push(entry);
    }
    entries += verifier.count;
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
  console.log(`audit chain intact: ${entries} entries${files.length > 1 ? ` in ${files.length} logs` : ''}${recordingsPart}`);
}

void main();
