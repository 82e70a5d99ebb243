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
 * - The shopper's device: its state (custom event `lookalong/device`, validated) and taps go to
 *   the console; its media features drive the replay's device-dependent CSS, re-applied after
 *   each rebuild and each event that may change a style sheet.
 */
import type { eventWithTime as recordedEvent } from '@rrweb/types';
import { EventType, Replayer, ReplayerEvents, type eventWithTime } from 'rrweb';
import { DEVICE_STATE_TAG, readDeviceState, type DeviceState } from '../../protocol/deviceState';
import { decodeFrame, type DecodedFrame } from '../../protocol/envelope';
import { createOrderedSteps } from '../../protocol/orderedSteps';
import { isGzip, recordedJsonBytes } from '../../protocol/recordedPayload';
import { FrameSequencer } from './frameSequencer';
import { touchStartPoint, type ViewportPoint } from './recordedTouch';
import { ReplayMediaEmulation } from './replayMediaEmulation';
import { applyReplayPixels } from './replayPixels';
import { replayStyleRules } from './replayStyleRules';
import { changesStyleSheets } from './styleSheetChanges';

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
  /** The shopper's device state (viewport, pinch zoom, keyboard, orientation, media features) changed. */
  onDevice(state: DeviceState): void;
  /** The shopper's finger touched the screen at this point of the viewport (replay px). */
  onTap(point: ViewportPoint): void;
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
  /** Outlives each Replayer: a new checkpoint is shown with the shopper's media at once. */
  private readonly media = new ReplayMediaEmulation();

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
    this.media.stop();
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
    replayer.on(ReplayerEvents.CustomEvent, (event) => {
      const { data } = event as { data: { tag: string; payload: unknown } };
      applyReplayPixels(replayer, data);
      if (data.tag === DEVICE_STATE_TAG) this.showDevice(readDeviceState(data.payload));
    });
    replayer.on(ReplayerEvents.EventCast, (event) => {
      const cast = event as recordedEvent;
      const tap = touchStartPoint(cast);
      if (tap) this.events.onTap(tap);
      if (changesStyleSheets(cast, (id) => replayer.getMirror().getNode(id))) this.media.later();
    });
    replayer.on(ReplayerEvents.Resize, (payload) => {
      const { width, height } = payload as { width: number; height: number };
      this.events.onViewport(width, height);
    });
    replayer.on(ReplayerEvents.FullsnapshotRebuilded, () => {
      const doc = replayer.iframe.contentDocument;
      if (!doc) return;
      this.media.watch(doc);
      this.events.onRebuilt(doc);
    });
    this.lastTimestamp = Date.now();
    replayer.startLive(this.lastTimestamp - 1);
    this.replayer = replayer;
  }

  /** Passes a valid device state on; an invalid one is ignored. */
  private showDevice(state: DeviceState | null): void {
    if (!state) return;
    this.media.setMedia(state.media);
    this.events.onDevice(state);
  }
}
