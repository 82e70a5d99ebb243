/**
 * The latest checkpoint of one shopper stream: Meta + FullSnapshot and every frame since,
 * as opaque buffers, so a late or reloading viewer sees the page at once. Byte-capped:
 * past the cap the cache is dropped and the caller asks the SDK for a fresh snapshot.
 */
import { FrameKind, isTransientKind } from '../../../protocol/envelope';

/** Outcome of adding a frame to the cache. */
export type CheckpointAddResult = 'cached' | 'overflow' | 'no-checkpoint';

/** Byte-capped cache of the frames since the latest checkpoint start. */
export class CheckpointCache {
  private frames: Array<Buffer | null> = [];
  /** Index in `frames` of the latest transient frame of each kind. */
  private readonly latestTransient = new Map<number, number>();
  private bytes = 0;
  private started = false;

  constructor(private readonly maxBytes: number) {}

  /** Starts a new checkpoint with its first frame (kind `checkpoint`). */
  start(frame: Buffer): CheckpointAddResult {
    this.clear();
    this.started = true;
    return this.append(frame);
  }

  /** Appends an ordinary frame; reports overflow (and empties itself) past the byte cap. */
  append(frame: Buffer): CheckpointAddResult {
    if (!this.started) return 'no-checkpoint';
    if (this.bytes + frame.byteLength > this.maxBytes) {
      this.clear();
      return 'overflow';
    }
    this.frames.push(frame);
    this.bytes += frame.byteLength;
    return 'cached';
  }

  /** Appends a transient frame (pointer, page scroll), dropping the older one of the same kind. */
  replaceTransient(kind: number, frame: Buffer): CheckpointAddResult {
    if (!this.started) return 'no-checkpoint';
    const previous = this.latestTransient.get(kind);
    if (previous !== undefined) {
      this.bytes -= this.frames[previous]!.byteLength;
      this.frames[previous] = null;
    }
    const result = this.append(frame);
    if (result === 'cached') this.latestTransient.set(kind, this.frames.length - 1);
    return result;
  }

  /** Adds a frame by its envelope kind: a checkpoint start, a transient frame, or a regular one. */
  add(kind: FrameKind, frame: Buffer): CheckpointAddResult {
    if (kind === FrameKind.checkpoint) return this.start(frame);
    return isTransientKind(kind) ? this.replaceTransient(kind, frame) : this.append(frame);
  }

  /** True when the cache holds a complete checkpoint a viewer can start from. */
  get isComplete(): boolean {
    return this.started;
  }

  /** Bytes currently held. */
  get size(): number {
    return this.bytes;
  }

  /** The cached frames, oldest first. */
  snapshot(): Buffer[] {
    return this.frames.filter((frame): frame is Buffer => frame !== null);
  }

  /**
   * Replays the checkpoint to a new viewer, allowed once on top of its send-buffer cap (the
   * checkpoint may be larger than the cap); false when there is no complete checkpoint.
   */
  replayTo(viewer: { sendRegular(frame: Buffer, allowanceBytes: number): boolean }): boolean {
    if (!this.started) return false;
    for (const frame of this.snapshot()) if (!viewer.sendRegular(frame, this.maxBytes)) break;
    return true;
  }

  /** Forgets everything (session ended, new stream, overflow). */
  clear(): void {
    this.frames = [];
    this.latestTransient.clear();
    this.bytes = 0;
    this.started = false;
  }
}
