/**
 * Live replay of the shopper's page with the rrweb Replayer.
 *
 * - A new Replayer at every checkpoint (Meta + FullSnapshot: first join, resync, and each
 *   page load — a navigation or reload is a new stream): the old one is destroyed, so the
 *   events a live Replayer keeps never outgrow one checkpoint and memory stays bounded.
 * - Clock drift: each event's timestamp is replaced by this console's clock at arrival and
 *   the Replayer starts live from that same clock. Replaying on the shopper's own timestamps
 *   is drift-safe only while events arrive in real time; a checkpoint from the relay's cache
 *   arrives at once but spans minutes of shopper time, and the events after it would then be
 *   held back by those minutes. Arrival time is never ahead of the Replayer's baseline nor
 *   far behind it, whatever the two clocks say. The shopper's timestamps still measure lag.
 * - The replay iframe is sandboxed by rrweb with `allow-same-origin` only — never
 *   `allow-scripts` (`UNSAFE_replayCanvas` stays off): nothing of the page can run.
 */
import { EventType, Replayer, ReplayerEvents, type eventWithTime } from 'rrweb';
import { decodeFrame, type DecodedFrame } from '../../protocol/envelope';
import { createOrderedSteps } from '../../protocol/orderedSteps';
import { isGzip, recordedJsonBytes } from '../../protocol/recordedPayload';
import { FrameSequencer } from './frameSequencer';
import { applyReplayPixels } from './replayPixels';
import { replayStyleRules } from './replayStyleRules';

/** Callbacks from the replay to the console. */
export interface LiveReplayEvents {
  /** A frame was lost: ask the relay for a fresh checkpoint. */
  onGap(): void;
  /** The shopper's viewport size (from the recording). */
  onViewport(width: number, height: number): void;
  /** The shopper's page address (from the recording's Meta event; the SDK removed query and fragment). */
  onPage(href: string): void;
  /** A recorded event arrived; `timestamp` is the shopper's clock (for the lag meter). */
  onRecorded(timestamp: number): void;
  /** The replay document was rebuilt from a full snapshot (watch it for load errors). */
  onRebuilt(doc: Document): void;
}

/** A Meta event's data. */
interface MetaData {
  href: string;
  width: number;
  height: number;
}

/** The live view of one session. */
export class LiveReplay {
  private replayer: Replayer | null = null;
  private sequencer = new FrameSequencer();
  private lastTimestamp = 0;
  private readonly decoder = new TextDecoder();

  /**
   * `framePlaceholderLabel` is written on the boxes standing in for the page's cross-origin
   * frames; `routeAssets` rewrites each event's stylesheet and font addresses before replay.
   */
  constructor(
    private readonly root: HTMLElement,
    private readonly events: LiveReplayEvents,
    private readonly framePlaceholderLabel: string,
    private readonly routeAssets: (event: eventWithTime) => void,
  ) {}

  /** The current replayer, once a checkpoint has arrived. */
  get current(): Replayer | null {
    return this.replayer;
  }

  /** The recording stream (page load) currently shown. */
  streamShown = 0;

  /** Frames in arrival order: a compressed one is inflated asynchronously and holds every later one. */
  private readonly inOrder = createOrderedSteps();

  /** Feeds one binary frame from the relay. */
  pushFrame(bytes: ArrayBuffer): void {
    const decoded = decodeFrame(new Uint8Array(bytes));
    if (!decoded.ok) {
      console.warn('[Lookalong] bad frame from relay:', decoded.error);
      return;
    }
    const { frame } = decoded;
    const json = isGzip(frame.payload) ? recordedJsonBytes(frame.payload).catch(() => null) : frame.payload;
    this.inOrder.run(json, (ready) => this.applyFrame(frame, ready));
  }

  /** Applies one frame in order; `json` is its event's JSON bytes, or null when they could not be inflated. */
  private applyFrame(frame: DecodedFrame, json: Uint8Array | null): void {
    const verdict = this.sequencer.accept(frame);
    if (verdict === 'gap') return this.events.onGap();
    if (verdict === 'skip') return;
    let event: eventWithTime;
    try {
      if (!json) throw new Error('corrupt compressed frame');
      event = JSON.parse(this.decoder.decode(json)) as eventWithTime;
    } catch {
      this.sequencer = new FrameSequencer();
      return this.events.onGap();
    }
    if (verdict === 'checkpoint') {
      this.restart();
      this.streamShown = frame.stream;
    }
    if (!this.replayer) return;
    if (typeof event.timestamp === 'number') this.events.onRecorded(event.timestamp);
    if (event.type === EventType.Meta) this.events.onPage((event.data as MetaData).href);
    this.lastTimestamp = Math.max(this.lastTimestamp, Date.now());
    event.timestamp = this.lastTimestamp;
    this.routeAssets(event);
    this.replayer.addEvent(event);
  }

  /** Tears the replay down (session over). */
  destroy(): void {
    this.replayer?.destroy();
    this.replayer = null;
    this.root.replaceChildren();
  }

  private restart(): void {
    this.destroy();
    const replayer = new Replayer([], {
      root: this.root,
      liveMode: true,
      mouseTail: false,
      showWarning: false,
      triggerFocus: false,
      UNSAFE_replayCanvas: false,
      insertStyleRules: replayStyleRules(this.framePlaceholderLabel),
    });
    replayer.on(ReplayerEvents.CustomEvent, (event) => applyReplayPixels(replayer, (event as { data: { tag: string; payload: unknown } }).data));
    replayer.on(ReplayerEvents.Resize, (payload) => {
      const { width, height } = payload as { width: number; height: number };
      this.events.onViewport(width, height);
    });
    replayer.on(ReplayerEvents.FullsnapshotRebuilded, () => {
      const doc = replayer.iframe.contentDocument;
      if (doc) this.events.onRebuilt(doc);
    });
    this.lastTimestamp = Date.now();
    replayer.startLive(this.lastTimestamp - 1);
    this.replayer = replayer;
  }
}
