/**
 * The recordings' side of the audit chain: every stored chunk's SHA-256 is an audit entry
 * (`recording.chunk`), so checking the store against the chain finds a chunk edited, dropped,
 * moved to another place or added. Deleted and expired recordings are skipped.
 */
import type { AuditEntry } from './auditLog';
import type { StoredChunk } from '../recordings/recordingStore';
import { chunkDigest } from '../recordings/recordingCipher';

/** What the audit chain says one recording holds. */
export interface AuditedRecording {
  /** Chunk index → SHA-256 of the sealed chunk. */
  chunks: Map<number, string>;
  /** The chunk count of its `recording.stopped` entry, or null when this log has none. */
  total: number | null;
  /** Deleted (or expired) since: nothing is expected in the store. */
  gone: boolean;
}

/** One way a stored recording disagrees with the audit chain. */
export interface ChunkProblem {
  recording: string;
  index: number;
  problem: 'edited' | 'dropped' | 'reordered' | 'added';
}

function textField(entry: AuditEntry, key: string): string | null {
  const value = entry.detail?.[key];
  return typeof value === 'string' ? value : null;
}

function numberField(entry: AuditEntry, key: string): number | null {
  const value = entry.detail?.[key];
  return typeof value === 'number' ? value : null;
}

/** Collects, from a log's entries, what each recording should hold. */
export class AuditedRecordings {
  readonly byId = new Map<string, AuditedRecording>();

  /** Takes note of one entry (any type; only recording entries count). */
  push(entry: AuditEntry): void {
    if (!entry.type.startsWith('recording.')) return;
    const id = textField(entry, 'recording');
    if (!id) return;
    let recording = this.byId.get(id);
    if (!recording) this.byId.set(id, (recording = { chunks: new Map(), total: null, gone: false }));
    const index = numberField(entry, 'index');
    const sha256 = textField(entry, 'sha256');
    if (entry.type === 'recording.chunk' && index !== null && sha256) recording.chunks.set(index, sha256);
    if (entry.type === 'recording.stopped') recording.total = numberField(entry, 'chunks');
    if (entry.type === 'recording.deleted' || entry.type === 'recording.expired') recording.gone = true;
  }
}

/** Compares one recording's stored chunks with what the chain says it holds. */
export function chunkProblems(id: string, audited: AuditedRecording, stored: readonly StoredChunk[]): ChunkProblem[] {
  const problems: ChunkProblem[] = [];
  const storedByIndex = new Map(stored.map((chunk) => [chunk.index, chunkDigest(chunk.sealed)]));
  const auditedIndexOf = new Map([...audited.chunks].map(([index, hash]) => [hash, index]));
  for (const [index, hash] of audited.chunks) {
    const actual = storedByIndex.get(index);
    if (actual === undefined) problems.push({ recording: id, index, problem: 'dropped' });
    else if (actual !== hash) problems.push({ recording: id, index, problem: auditedIndexOf.has(actual) ? 'reordered' : 'edited' });
  }
  // Past the closing count a chunk cannot be another node's (whose entries are in its own log).
  for (const index of storedByIndex.keys()) {
    if (audited.total !== null && index >= audited.total) problems.push({ recording: id, index, problem: 'added' });
  }
  return problems.sort((a, b) => a.index - b.index);
}

/** One line an operator reads. */
export function describeChunkProblem({ recording, index, problem }: ChunkProblem): string {
  const why = {
    edited: 'edited (its hash is not the audited one)',
    dropped: 'dropped (audited, not in the store)',
    reordered: "reordered (it holds another audited chunk's content)",
    added: 'added (in the store, never audited)',
  }[problem];
  return `recording ${recording}: chunk ${index} ${why}`;
}
