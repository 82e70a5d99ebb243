/** Contract between the loader and the recorder chunk it imports after consent. */
import type { Annotation } from '../../protocol/annotation';
import type { AgentPublic } from '../../protocol/messages';

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
  /** Draws a validated annotation. */
  showAnnotation(annotation: Annotation, by: AgentPublic): void;
  /** Stops recording and removes every mark. */
  stop(): void;
}

/** Shape of the recorder chunk module. */
export interface RecorderChunk {
  startSharing(options: SharingOptions): SharingHandle;
}
