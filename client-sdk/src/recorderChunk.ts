/** Contract between the loader and the recorder chunk it imports after consent. */
import type { UnknownRecord } from '../../protocol/fieldReaders';

/** What the loader hands the recorder. */
export interface SharingOptions {
  /** Stream number assigned by the relay for this page load. */
  stream: number;
  /** Sends one encoded frame; false when the socket is too far behind (frame dropped). */
  send(frame: Uint8Array): boolean;
  /** Layer inside the SDK's (unrecorded) shadow root where annotations are drawn. */
  overlay: HTMLElement;
}

/** A running recording. */
export interface SharingHandle {
  /** Emits a fresh checkpoint (Meta + FullSnapshot). */
  takeFullSnapshot(): void;
  /** Validates an annotation message from the relay and draws it; anything invalid is dropped. */
  showAnnotation(payload: UnknownRecord): void;
  /** Stops recording and removes every mark. */
  stop(): void;
}

/** Shape of the recorder chunk module. */
export interface RecorderChunk {
  startSharing(options: SharingOptions): SharingHandle;
}
