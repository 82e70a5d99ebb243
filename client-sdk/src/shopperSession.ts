/**
 * The shopper side of a help session, before and after consent: control socket, state
 * events, the UI chunk (widget and consent dialog, fetched when help is first requested), and
 * — only once the relay confirms consent — the recorder chunk.
 */
import type { RelayToShopperMessage, ShopperMessage, AgentPublic, RecordingMessage, RecordingOffer } from '../../protocol/messages';
import { CONSENT_NOTICE_VERSION, parseRelayToShopper } from '../../protocol/messages';
import { EventEmitter } from './eventEmitter';
import type { SdkStrings } from './i18n';
import { recordingDeletionOffer } from './recordingDeletion';
import type { PrivacyOptions, RecorderChunk, SharingHandle } from './recorderChunk';
import type { ServiceUrls } from './serviceUrls';
import { clearStoredSession, loadStoredSession, saveStoredSession } from './sessionStore';
import { createUiLoader, type UiLoader } from './uiLoader';

/** States reported by `Lookalong.on('state', …)`. */
export type PublicState = 'idle' | 'waiting' | 'consent' | 'live' | 'ended';

/** Events of `Lookalong.on`. */
export interface SessionEvents extends Record<string, unknown> {
  state: PublicState;
  code: string;
}

/** What the session needs from the page. */
export interface ShopperSessionDeps {
  urls: ServiceUrls;
  site: string;
  lang: string;
  strings: SdkStrings;
  /** Shop privacy settings; read when recording starts. */
  privacy: PrivacyOptions;
  /** The label `hello` carries into the agents' queue (scrubbed page title), or undefined. */
  helpTitle(): string | undefined;
}

/** Above this many unsent bytes the recorder's frames are dropped and a resync follows. */
const MAX_SOCKET_BUFFER_BYTES = 8 * 1024 * 1024;
const MAX_RECONNECT_ATTEMPTS = 6;
/** Close codes after which the session is over for good (ended, protocol error, unknown, too many help requests, backend sessions only). */
const FINAL_CLOSE_CODES = new Set([4000, 4002, 4004, 4030, 4031]);
/** The relay refused a new session for now (protocol/closeCodes.ts tooManyHelpRequests). */
const TOO_MANY_HELP_REQUESTS = 4030;

/** One tab's help session. */
export class ShopperSession {
  readonly events = new EventEmitter<SessionEvents>();
  private state: PublicState = 'idle';
  private code: string | null = null;
  private stream = 0;
  private viewers: AgentPublic[] = [];
  private socket: WebSocket | null = null;
  private sharing: SharingHandle | null = null;
  private recorder: Promise<RecorderChunk> | null = null;
  private dismissConsent: (() => void) | null = null;
  private waiters: Array<{ resolve(v: { code: string }): void; reject(e: Error): void }> = [];
  private reconnectAttempts = 0;
  private expiresAt: number | null = null;
  /** This session's recording, when the shopper switched one on: what the tab needs to delete it after Stop. */
  private recording: RecordingMessage | null = null;
  private readonly ui: UiLoader;

  constructor(private readonly deps: ShopperSessionDeps) {
    this.ui = createUiLoader(deps.urls.uiChunk, deps.strings, () => this.stop());
  }

  /**
   * Opens a session (or returns the current one) and resolves with its 6-digit code; with a
   * `shopperToken` from the shop's backend (`POST /api/sessions`), joins that session instead.
   */
  requestHelp(shopperToken?: string): Promise<{ code: string }> {
    if (this.code && this.state !== 'idle' && this.state !== 'ended') return Promise.resolve({ code: this.code });
    const promise = new Promise<{ code: string }>((resolve, reject) => this.waiters.push({ resolve, reject }));
    // The widget will be needed: fetch it while the socket connects.
    this.ui.withUi(() => undefined);
    // JSON leaves an undefined title out of the hello.
    if (!this.socket) this.connect(shopperToken ? { t: 'resume', resumeToken: shopperToken } : { t: 'hello', lang: this.deps.lang, title: this.deps.helpTitle() });
    return promise;
  }

  /** Picks up the tab's session after a reload or navigation, if there is one. */
  resumeStored(): void {
    const stored = loadStoredSession();
    if (!stored) return;
    this.code = stored.code;
    this.connect({ t: 'resume', resumeToken: stored.resumeToken });
  }

  /** Stops sharing now: recorder torn down first, then the relay is told. */
  stop(): void {
    if (this.state === 'idle' || this.state === 'ended') return;
    this.stopRecorder();
    this.send({ t: 'stop' });
    this.finish();
  }

  private connect(first: ShopperMessage): void {
    const ws = new WebSocket(this.deps.urls.shopperSocket(this.deps.site));
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => ws.send(JSON.stringify(first));
    ws.onmessage = (event) => {
      if (this.socket !== ws || typeof event.data !== 'string') return;
      let message: RelayToShopperMessage;
      try {
        message = parseRelayToShopper(event.data);
      } catch (err) {
        console.warn('[Lookalong] ignored an invalid message:', (err as Error).message);
        return;
      }
      this.onMessage(message);
    };
    ws.onclose = (event) => {
      if (this.socket !== ws) return;
      this.socket = null;
      this.onClosed(event.code);
    };
  }

  private onMessage(message: RelayToShopperMessage): void {
    switch (message.t) {
      case 'session': {
        this.reconnectAttempts = 0;
        this.stream = message.stream;
        this.viewers = message.viewers;
        if (this.code !== message.code) {
          this.code = message.code;
          this.events.emit('code', message.code);
        }
        saveStoredSession({ resumeToken: message.resumeToken, code: message.code });
        this.stopRecorder();
        this.applyServerState(message.state === 'consent' ? 'waiting' : message.state);
        for (const waiter of this.waiters.splice(0)) waiter.resolve({ code: message.code });
        return;
      }
      case 'join-request':
        this.askConsent(message.requestId, message.agent, message.record);
        return;
      case 'recording':
        this.recording = message;
        return;
      case 'state':
        this.applyServerState(message.state);
        return;
      case 'viewers':
        this.viewers = message.viewers;
        this.sharing?.setViewers(this.viewers);
        return;
      case 'expiry':
        this.expiresAt = Date.now() + message.expiresInMs;
        this.sharing?.setExpiry(this.expiresAt);
        return;
      case 'snapshot':
        this.sharing?.takeFullSnapshot();
        return;
      case 'annotation':
        this.sharing?.showAnnotation(message.payload);
        return;
      case 'ended':
        this.finish();
        return;
      case 'error':
        console.warn('[Lookalong]', message.message);
        return;
    }
  }

  private applyServerState(state: 'waiting' | 'consent' | 'live' | 'ended'): void {
    if (state === 'ended') return this.finish();
    if (state === 'consent') return;
    if (state === 'live') {
      this.setState('live');
      this.startRecorder();
    } else {
      this.setState('waiting');
      const code = this.code;
      if (code) this.ui.withUi((ui) => ui.widget.showCode(code));
    }
  }

  private askConsent(requestId: string, agent: AgentPublic, record: RecordingOffer | undefined): void {
    this.dismissConsent?.();
    // While the page is shared, admitted agents keep watching during another agent's request.
    if (!this.sharing) this.setState('consent');
    let dismissed = false;
    let dismissPrompt = (): void => void (dismissed = true);
    const dismiss = (): void => dismissPrompt();
    this.dismissConsent = dismiss;
    this.ui.withUi((ui) => {
      if (dismissed) return;
      const prompt = ui.askConsent(agent, record);
      dismissPrompt = prompt.dismiss;
      void prompt.answer.then(({ allow, record: keep }) => this.answerConsent(requestId, allow, keep, dismiss));
    });
  }

  /** The shopper answered the dialog that `dismiss` belongs to. */
  private answerConsent(requestId: string, allow: boolean, record: boolean, dismiss: () => void): void {
    if (this.dismissConsent === dismiss) this.dismissConsent = null;
    if (allow) this.loadRecorder();
    // Back to live if the page is being shared (even when this dialog replaced another one);
    // the relay's `state` message moves a first consent on to live.
    if (this.state === 'consent') this.setState(this.sharing ? 'live' : 'waiting');
    this.send({ t: 'consent', requestId, allow, notice: CONSENT_NOTICE_VERSION, record });
  }

  private loadRecorder(): Promise<RecorderChunk> {
    this.recorder ??= import(/* @vite-ignore */ this.deps.urls.recorderChunk) as Promise<RecorderChunk>;
    return this.recorder;
  }

  private startRecorder(): void {
    if (this.sharing) return;
    const stream = this.stream;
    Promise.all([this.loadRecorder(), this.ui.load()]).then(
      ([chunk, ui]) => {
        if (this.sharing || this.state !== 'live' || this.stream !== stream || !this.socket) return;
        this.sharing = chunk.startSharing({
          stream,
          ui: ui.host,
          privacy: this.deps.privacy,
          lang: this.deps.lang,
          send: (frame) => this.sendFrame(frame),
          onStop: () => this.stop(),
          onExtend: () => this.send({ t: 'extend' }),
          onDismissMarks: () => this.send({ t: 'dismiss' }),
        });
        this.sharing.setViewers(this.viewers);
        this.sharing.setExpiry(this.expiresAt);
        ui.widget.hide();
      },
      (err: unknown) => {
        this.recorder = null;
        console.error('[Lookalong] could not load the recorder', err);
      },
    );
  }

  private send(message: ShopperMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private sendFrame(frame: Uint8Array): boolean {
    const ws = this.socket;
    if (!ws || ws.readyState !== WebSocket.OPEN || this.state !== 'live' || ws.bufferedAmount > MAX_SOCKET_BUFFER_BYTES) return false;
    ws.send(frame);
    return true;
  }

  private stopRecorder(): void {
    this.sharing?.stop();
    this.sharing = null;
  }

  private onClosed(code: number): void {
    this.stopRecorder();
    if (this.state === 'ended') return;
    const stored = loadStoredSession();
    if (FINAL_CLOSE_CODES.has(code) || !stored || this.reconnectAttempts >= MAX_RECONNECT_ATTEMPTS) {
      const hadSession = stored !== null;
      const why = code === TOO_MANY_HELP_REQUESTS ? this.deps.strings.busy : this.deps.strings.unreachable;
      for (const waiter of this.waiters.splice(0)) waiter.reject(new Error(why));
      if (hadSession) this.finish();
      else {
        this.ui.withUi((ui) => ui.widget.showMessage(why));
        this.setState('idle');
      }
      return;
    }
    const delay = Math.min(4000, 250 * 2 ** this.reconnectAttempts) * (0.5 + Math.random());
    this.reconnectAttempts += 1;
    setTimeout(() => {
      if (!this.socket && this.state !== 'ended') this.connect({ t: 'resume', resumeToken: stored.resumeToken });
    }, delay);
  }

  private finish(): void {
    if (this.state === 'ended') return;
    this.stopRecorder();
    this.dismissConsent?.();
    this.dismissConsent = null;
    clearStoredSession();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'ended');
    this.code = null;
    this.expiresAt = null;
    const { urls, strings } = this.deps;
    const offer = recordingDeletionOffer(this.recording, urls, strings, (text) => this.ui.withUi((ui) => ui.widget.showMessage(text)));
    this.recording = null;
    this.ui.withUi((ui) => ui.widget.showMessage(strings.stopped, offer));
    this.setState('ended');
  }

  private setState(state: PublicState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.emit('state', state);
  }
}
