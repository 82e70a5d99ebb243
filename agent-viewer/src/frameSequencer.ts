/**
 * Orders incoming recorded frames: starts at a checkpoint, drops duplicates and stale
 * streams, and reports a gap (lost frame) so the viewer asks for a resync instead of
 * replaying a corrupt page. Transient frames (pointer, page scroll) may be skipped by the
 * relay under congestion, so they carry the last regular seq and never count as a gap.
 */
import { FrameKind, isTransientKind, type FrameHeader } from '../../protocol/envelope';

/** What to do with one frame. */
export type FrameVerdict = 'checkpoint' | 'apply' | 'skip' | 'gap';

/** Per-viewer sequence tracking across streams (page loads). */
export class FrameSequencer {
  private stream = 0;
  private expectedSeq = 0;
  private synced = false;

  /** Classifies the next frame and advances the expected position. */
  accept(header: FrameHeader): FrameVerdict {
    if (header.kind === FrameKind.checkpoint) {
      if (header.stream < this.stream) return 'skip';
      this.stream = header.stream;
      this.expectedSeq = header.seq + 1;
      this.synced = true;
      return 'checkpoint';
    }
    if (!this.synced || header.stream < this.stream) return 'skip';
    if (isTransientKind(header.kind)) {
      // A pointer or scroll update applies on top of the last regular frame; never a gap.
      return header.stream === this.stream && header.seq === this.expectedSeq - 1 ? 'apply' : 'skip';
    }
    if (header.stream > this.stream || header.seq > this.expectedSeq) {
      this.synced = false;
      return 'gap';
    }
    if (header.seq < this.expectedSeq) return 'skip';
    this.expectedSeq += 1;
    return 'apply';
  }
}
