/**
 * The session screen: the shopper's page live (scaled to fit), what is known about it (URL,
 * viewport, connection, who else watches, fidelity), the shopper's device (phone marking, pinch
 * zoom, keyboard, taps), the consent state and the drawing tools.
 */
import { CloseCode } from '../../protocol/closeCodes';
import type { RelayToAgentMessage } from '../../protocol/messages';
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import { defaultMarkColor } from './agentColor';
import type { TokenAgent } from './agentCredentials';
import { ConnectionMeter, type ConnectionReading } from './connectionMeter';
import { fillIn, type ConsoleLanguage, type ConsoleStrings } from './consoleI18n';
import { queueHref } from './consoleLinks';
import { deviceMarkingText } from './deviceMarking';
import { DeviceOverlay } from './deviceOverlay';
import { watchReplayFidelity } from './fidelityWatch';
import { LiveReplay } from './liveReplay';
import { ReplayAssetRouter } from './replayAssets';
import { byId, showScreen } from './pageElements';
import { endedText, relayCloseText, relayErrorText } from './relayTexts';
import { showTapRipple } from './tapRipples';
import { fetchTicket } from './ticketApi';
import { mountToolbox, type ToolLabels } from './tools/toolbox';
import { ViewerConnection } from './viewerConnection';
import { watchingText } from './viewerNames';

/** What the session screen needs. */
export interface SessionViewOptions {
  token: string;
  code: string;
  lang: ConsoleLanguage;
  strings: ConsoleStrings;
  /** Who the token names (unverified; for the default colour and "who else watches"). */
  agent: TokenAgent | null;
  /** The relay refused the token (invalid or expired): the console asks for a new sign-in. */
  onUnauthorized(): void;
}

/** How long the "shopper hid your marks" notice stays. */
const DISMISSED_NOTICE_MS = 8000;
/** Space kept below the replay (px). */
const BOTTOM_MARGIN_PX = 16;

/** The toolbox's labels in the console's language. */
function toolLabels(strings: ConsoleStrings): ToolLabels {
  return {
    pen: strings.toolPen,
    highlight: strings.toolHighlight,
    arrow: strings.toolArrow,
    text: strings.toolText,
    laser: strings.toolLaser,
    element: strings.toolElement,
    undo: strings.toolUndo,
    clear: strings.toolClear,
    color: strings.toolColor,
    textPrompt: strings.toolTextPrompt,
    elementStage: strings.toolElementStage,
    elementCandidate: strings.toolElementCandidate,
    elementNone: strings.toolElementNone,
    elementMarked: strings.toolElementMarked,
  };
}

/** "latency 42 ms · replay 0.3 s behind". */
function meterText({ latencyMs, lagMs }: ConnectionReading, strings: ConsoleStrings): string {
  const latency = latencyMs === null ? strings.latencyUnknown : fillIn(strings.latency, { ms: latencyMs });
  return lagMs === null ? latency : `${latency} · ${fillIn(strings.lag, { seconds: (lagMs / 1000).toFixed(1) })}`;
}

/** Shows the session screen and joins the session with this code. */
export function showSession({ token, code, lang, strings, agent, onUnauthorized }: SessionViewOptions): void {
  showScreen('session');
  const ui = {
    status: byId<HTMLElement>('status'),
    consentExpiry: byId<HTMLElement>('consent-expiry'),
    end: byId<HTMLButtonElement>('end-session'),
    stage: byId<HTMLElement>('stage'),
    replayRoot: byId<HTMLElement>('replay-root'),
    pageUrl: byId<HTMLElement>('page-url'),
    viewport: byId<HTMLElement>('viewport-size'),
    deviceFact: byId<HTMLElement>('device-fact'),
    device: byId<HTMLElement>('device-kind'),
    deviceLayer: byId<HTMLElement>('device-layer'),
    meter: byId<HTMLElement>('connection-meter'),
    viewers: byId<HTMLElement>('other-viewers'),
    fidelity: byId<HTMLElement>('fidelity-warning'),
    dismissed: byId<HTMLElement>('marks-dismissed'),
  };
  byId('session-code').textContent = formatSessionCode(code);
  byId<HTMLAnchorElement>('back-to-queue').href = queueHref();
  for (const fact of [ui.pageUrl, ui.viewport, ui.viewers]) fact.textContent = strings.notYetKnown;

  let scale = 1;
  let viewport = { width: 0, height: 0 };
  let ended = false;
  let stopFidelityWatch: (() => void) | null = null;
  let dismissedTimer: ReturnType<typeof setTimeout> | undefined;
  const device = new DeviceOverlay(ui.deviceLayer, strings);

  const setStatus = (text: string, tone: 'info' | 'live' | 'ended' = 'info'): void => {
    ui.status.textContent = text;
    ui.status.dataset['tone'] = tone;
  };

  const layout = (): void => {
    if (!viewport.width) return;
    const availableWidth = ui.stage.parentElement?.clientWidth ?? window.innerWidth;
    const availableHeight = Math.max(200, window.innerHeight - ui.stage.getBoundingClientRect().top - BOTTOM_MARGIN_PX);
    // A keyboard under a page resized for it is shown below the replay, as on the phone.
    const shownHeight = Math.max(viewport.height, device.reach());
    scale = Math.min(1, availableWidth / viewport.width, availableHeight / shownHeight);
    const wrapper = ui.replayRoot.querySelector<HTMLElement>('.replayer-wrapper');
    if (wrapper) {
      wrapper.style.transformOrigin = 'top left';
      wrapper.style.transform = `scale(${scale})`;
    }
    ui.stage.style.width = `${viewport.width * scale}px`;
    ui.stage.style.height = `${shownHeight * scale}px`;
    toolbox.setSize(viewport.width * scale, viewport.height * scale);
    device.setScale(scale);
  };

  const assets = new ReplayAssetRouter(location.origin);
  const replay = new LiveReplay(ui.replayRoot, {
    onGap: () => connection.send({ t: 'resync' }),
    onViewport: (width, height) => {
      viewport = { width, height };
      ui.viewport.textContent = `${width} × ${height}`;
      layout();
    },
    onPage: (href) => {
      ui.pageUrl.textContent = href;
      ui.pageUrl.title = href;
    },
    onRecorded: (timestamp) => meter.recordEvent(timestamp),
    onRebuilt: (doc) => {
      stopFidelityWatch?.();
      ui.fidelity.hidden = true;
      stopFidelityWatch = watchReplayFidelity(doc, () => (ui.fidelity.hidden = false));
    },
    onDevice: (state) => {
      ui.device.textContent = deviceMarkingText(state, strings);
      ui.deviceFact.hidden = !state.phone;
      device.show(state);
      layout();
    },
    onTap: (point) => showTapRipple(ui.deviceLayer, point, scale),
  }, strings.framePlaceholder, (event) => assets.route(event));

  const toolbox = mountToolbox({
    toolbar: byId('tools'),
    canvas: byId<HTMLCanvasElement>('draw-canvas'),
    stage: ui.stage,
    labels: toolLabels(strings),
    color: defaultMarkColor(agent?.id ?? ''),
    replayer: () => replay.current,
    scale: () => scale,
    stream: () => replay.streamShown,
    send: (message) => connection.send(message),
  });

  const meter = new ConnectionMeter(
    (ping) => connection.send(ping),
    (reading) => (ui.meter.textContent = meterText(reading, strings)),
  );

  const finish = (text: string): void => {
    ended = true;
    setStatus(text, 'ended');
    ui.consentExpiry.textContent = '';
    ui.end.disabled = true;
    toolbox.setEnabled(false);
    meter.stop();
  };

  const showLive = (connected: boolean): void => {
    if (!ended) setStatus(connected ? strings.live : strings.shopperLoading, connected ? 'live' : 'info');
  };

  const onMessage = (message: RelayToAgentMessage): void => {
    switch (message.t) {
      case 'joining':
        assets.setSite(message.site);
        setStatus(strings.waitingForConsent);
        return;
      case 'consent':
        if (message.allow) showLive(true);
        else finish(strings.declined);
        return;
      case 'shopper':
        showLive(message.connected);
        return;
      case 'viewers':
        ui.viewers.textContent = watchingText(message.viewers, agent?.id ?? null, strings);
        return;
      case 'dismissed':
        toolbox.marksDismissed();
        ui.dismissed.hidden = false;
        clearTimeout(dismissedTimer);
        dismissedTimer = setTimeout(() => (ui.dismissed.hidden = true), DISMISSED_NOTICE_MS);
        return;
      case 'pong':
        meter.pong(message.n);
        return;
      case 'ended':
        finish(endedText(message.reason, strings));
        return;
      case 'expiry': {
        const endsAt = new Date(Date.now() + message.expiresInMs);
        ui.consentExpiry.textContent = fillIn(strings.consentUntil, { time: endsAt.toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }) });
        return;
      }
      case 'error':
        setStatus(relayErrorText(message.message, strings), 'ended');
        return;
    }
  };

  const connection = new ViewerConnection(() => fetchTicket(token), code, {
    onMessage,
    onFrame: (frame) => replay.pushFrame(frame),
    onClosed: (closeCode, reason) => {
      if (!ended) finish(relayCloseText(closeCode, reason, strings));
      if (closeCode === CloseCode.unauthorized) onUnauthorized();
    },
  });

  setStatus(strings.connecting);
  ui.end.disabled = false;
  ui.end.onclick = () => connection.send({ t: 'end' });
  window.addEventListener('resize', layout);
  meter.start();
}
