/** Opens the recordings' store the settings name: PostgreSQL with LOOKALONG_DATABASE_URL, else local files. */
import type { AuditLog } from '../audit/auditLog';
import { FileRecordingStore } from './fileRecordingStore';
import { PostgresRecordingStore } from './postgresRecordingStore';
import { Recordings } from './recordings';
import type { RecordingSettings } from './recordingSettings';
import type { RecordingStore } from './recordingStore';

/** The store of `settings`, or null when no site keeps recordings and no database is set; rejects when the database is unreachable. */
export async function openRecordingStore(settings: RecordingSettings): Promise<RecordingStore | null> {
  if (settings.databaseUrl) return PostgresRecordingStore.open(settings.databaseUrl);
  return Object.keys(settings.daysBySite).length > 0 ? new FileRecordingStore(settings.dir) : null;
}

/** This server's recordings service. */
export async function openRecordings(settings: RecordingSettings, audit: AuditLog): Promise<Recordings> {
  return new Recordings(settings, await openRecordingStore(settings), audit);
}
