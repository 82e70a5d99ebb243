/**
 * A room's recorded frames on their way through: counted, cached from the latest checkpoint (a
 * late viewer starts there), fanned out to the viewers and handed to the session's recording,
 * as opaque bytes; past the cache's cap, or for a viewer that needs one, a fresh checkpoint is
 * asked of the shopper's recorder (at most once a second).
 */
import type { FrameKind } from '../../../protocol/envelope';
import { CheckpointCache } from './checkpointCache';
import type { RelayCounters } from './relayCounters';
import type { RoomRecording } from './roomRecording';
import { SnapshotRequests } from './snapshotRequests';
import type { ViewerEndpoint } from './viewerEndpoint';
import type { ViewerGroup } from './viewerGroup';

/** The frames of one room's current stream. */
export class RoomFrames {
  private readonly checkpoint: CheckpointCache;
  private readonly snapshots: SnapshotRequests;

  constructor(
    private readonly counters: RelayCounters,
    checkpointMaxBytes: number,
    private readonly viewers: Pick<ViewerGroup, 'relay'>,
    private readonly recording: Pick<RoomRecording, 'frame'>,
    /** Sends the shopper a `snapshot` request if it can take one now; false otherwise. */
    askShopper: () => boolean,
  ) {
    this.checkpoint = new CheckpointCache(checkpointMaxBytes);
    this.snapshots = new SnapshotRequests(askShopper);
  }

  /** Forwards one accepted frame (the caller checked state and stream). */
  relay(frame: Buffer, kind: FrameKind): void {
    const { counters } = this;
    counters.framesIn += 1;
    counters.bytesIn += frame.byteLength;
    counters.deliveryLatency.frameReceived(frame);
    if (this.checkpoint.add(kind, frame) === 'overflow') {
      counters.checkpointOverflows += 1;
      this.requestSnapshot();
    }
    this.viewers.relay(frame, kind);
    this.recording.frame(frame);
  }

  /** Starts a newly admitted viewer at the cached checkpoint, or asks for one. */
  startViewer(viewer: ViewerEndpoint): void {
    if (!this.checkpoint.replayTo(viewer)) this.requestSnapshot();
  }

  /** The cached frames since the latest checkpoint, oldest first. */
  sinceCheckpoint(): Buffer[] {
    return this.checkpoint.snapshot();
  }

  /** Asks the shopper's recorder for a fresh checkpoint, at most once a second. */
  requestSnapshot(): void {
    this.counters.resyncRequests += 1;
    this.snapshots.request();
  }

  /** Forgets the cached checkpoint (a new stream starts, or the session ended). */
  clear(): void {
    this.checkpoint.clear();
  }

  /** Drops any deferred snapshot request. */
  stop(): void {
    this.snapshots.stop();
  }
}
