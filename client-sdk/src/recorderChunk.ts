/** Contract between the loader and the recorder chunk it imports after consent. */
import type { UnknownRecord } from '../../protocol/fieldReaders';
import type { AgentPublic } from '../../protocol/messages';
import type { UiHost } from './uiHost';

/** Shop-chosen privacy settings (`Lookalong.init({ privacy })`), on top of the defaults. */
export interface PrivacyOptions {
  /** Extra elements whose text is masked. */
  maskTextSelector?: string;
  /** Extra elements replaced by an empty box. */
  blockSelector?: string;
  /** Mask all text on the page. */
  strict?: boolean;
}

/** What the loader hands the recorder. */
export interface SharingOptions {
  /** Stream number assigned by the relay for this page load. */
  stream: number;
  /** Sends one encoded frame; false when the socket is too far behind (frame dropped). */
  send(frame: Uint8Array): boolean;
  /** The SDK's (unrecorded) shadow root: the indicator and the annotation overlay go here. */
  ui: UiHost;
  privacy: PrivacyOptions;
  /** `zh-CN` or `en`. */
  lang: string;
  /** Shopper pressed "Stop sharing". */
  onStop(): void;
  /** Shopper pressed "Extend". */
  onExtend(): void;
  /** Shopper pressed "Hide marks" (already removed from the page): the agents are told. */
  onDismissMarks(): void;
}

/** A running recording. */
export interface SharingHandle {
  /** Emits a fresh checkpoint (Meta + FullSnapshot). */
  takeFullSnapshot(): void;
  /** Validates an annotation message from the relay and applies it (add, remove, clear); anything invalid is dropped. */
  showAnnotation(payload: UnknownRecord): void;
  /** Who is watching, for the indicator. */
  setViewers(viewers: AgentPublic[]): void;
  /** When consent runs out (local `Date.now()` time), for the indicator. */
  setExpiry(expiresAt: number | null): void;
  /** Stops recording and removes the indicator and every mark. */
  stop(): void;
}

/** Shape of the recorder chunk module. */
export interface RecorderChunk {
  startSharing(options: SharingOptions): SharingHandle;
}
