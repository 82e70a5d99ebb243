/**
 * Live replay of the shopper's page with the rrweb Replayer. The replayer is recreated at
 * every checkpoint, so memory stays bounded in long sessions. Event timestamps are re-based
 * on this console's clock at arrival, so clock drift between shopper and agent can never
 * delay or fast-forward the live view.
 */
import { Replayer, type eventWithTime } from 'rrweb';
import { decodeFrame } from '../../protocol/envelope';
import { FrameSequencer } from './frameSequencer';

/** Callbacks from the replay to the console. */
export interface LiveReplayEvents {
  /** A frame was lost: ask the relay for a fresh checkpoint. */
  onGap(): void;
  /** The shopper's viewport size (from the recording). */
  onViewport(width: number, height: number): void;
}

/** The live view of one session. */
export class LiveReplay {
  private replayer: Replayer | null = null;
  private sequencer = new FrameSequencer();
  private lastTimestamp = 0;
  private readonly decoder = new TextDecoder();

  constructor(
    private readonly root: HTMLElement,
    private readonly events: LiveReplayEvents,
  ) {}

  /** The current replayer, once a checkpoint has arrived. */
  get current(): Replayer | null {
    return this.replayer;
  }

  /** The recording stream (page load) currently shown. */
  streamShown = 0;

  /** Feeds one binary frame from the relay. */
  pushFrame(bytes: ArrayBuffer): void {
    const decoded = decodeFrame(new Uint8Array(bytes));
    if (!decoded.ok) {
      console.warn('[Lookalong] bad frame from relay:', decoded.error);
      return;
    }
    const { frame } = decoded;
    const verdict = this.sequencer.accept(frame);
    if (verdict === 'gap') return this.events.onGap();
    if (verdict === 'skip') return;
    let event: eventWithTime;
    try {
      event = JSON.parse(this.decoder.decode(frame.payload)) as eventWithTime;
    } catch {
      this.sequencer = new FrameSequencer();
      return this.events.onGap();
    }
    if (verdict === 'checkpoint') {
      this.restart();
      this.streamShown = frame.stream;
    }
    if (!this.replayer) return;
    this.lastTimestamp = Math.max(this.lastTimestamp, Date.now());
    event.timestamp = this.lastTimestamp;
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
      insertStyleRules: [
        'html, body { cursor: default !important; }',
        // Boxes the shop blocked are drawn hatched, so the agent sees "masked", not empty space.
        '[data-lookalong-masked="block"] { background: repeating-linear-gradient(45deg, #c9ced8 0 6px, #eef0f4 6px 12px) !important; outline: 1px dashed #8a93a6; }',
      ],
    });
    replayer.on('resize', (payload) => {
      const { width, height } = payload as { width: number; height: number };
      this.events.onViewport(width, height);
    });
    this.lastTimestamp = Date.now();
    replayer.startLive(this.lastTimestamp - 1);
    this.replayer = replayer;
  }
}
