/**
 * Agent console (`/agent/`): sign in, join a session by code, watch the shopper's page live
 * (view-only: the replay iframe is sandboxed without scripts) and draw highlights that
 * appear on the shopper's page.
 */
import 'rrweb/dist/style.css';
import './console.css';
import type { Annotation, Rect } from '../../protocol/annotation';
import { CloseCode } from '../../protocol/closeCodes';
import type { EndReason, RelayToAgentMessage } from '../../protocol/messages';
import { formatSessionCode } from '../../protocol/sessionCodeFormat';
import { codeFromUrl, forgetAgentToken, saveAgentToken, takeAgentToken } from './agentCredentials';
import { LiveReplay } from './liveReplay';
import { anchorDrawnBox } from './replayAnchor';
import { DrawingSurface } from './tools/highlightTool';
import { ViewerConnection } from './viewerConnection';

const HIGHLIGHT_COLOR = '#ff5a1f';

const ENDED_TEXT: Record<EndReason, string> = {
  'shopper-stopped': 'The shopper stopped sharing',
  'agent-ended': 'You ended the session',
  'shopper-left': 'The shopper left the page',
  expired: 'The session expired',
};

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`console page is missing #${id}`);
  return element as T;
}

const ui = {
  signIn: byId<HTMLElement>('sign-in'),
  signInForm: byId<HTMLFormElement>('sign-in-form'),
  tokenInput: byId<HTMLTextAreaElement>('token-input'),
  join: byId<HTMLElement>('join'),
  joinForm: byId<HTMLFormElement>('join-form'),
  codeInput: byId<HTMLInputElement>('code-input'),
  session: byId<HTMLElement>('session'),
  status: byId<HTMLElement>('status'),
  sessionCode: byId<HTMLElement>('session-code'),
  consentExpiry: byId<HTMLElement>('consent-expiry'),
  highlight: byId<HTMLButtonElement>('tool-highlight'),
  end: byId<HTMLButtonElement>('end-session'),
  stage: byId<HTMLElement>('stage'),
  replayRoot: byId<HTMLElement>('replay-root'),
  canvas: byId<HTMLCanvasElement>('draw-canvas'),
};

function show(section: 'signIn' | 'join' | 'session'): void {
  ui.signIn.hidden = section !== 'signIn';
  ui.join.hidden = section !== 'join';
  ui.session.hidden = section !== 'session';
}

function setStatus(text: string, tone: 'info' | 'live' | 'ended' = 'info'): void {
  ui.status.textContent = text;
  ui.status.dataset['tone'] = tone;
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}

function startSession(token: string, code: string): void {
  show('session');
  ui.sessionCode.textContent = formatSessionCode(code);
  setStatus('Connecting…');
  let scale = 1;
  let viewport = { width: 0, height: 0 };
  let ended = false;

  const layout = (): void => {
    if (!viewport.width) return;
    const available = ui.stage.parentElement?.clientWidth ?? window.innerWidth;
    scale = Math.min(1, available / viewport.width, Math.max(200, window.innerHeight - 160) / viewport.height);
    const wrapper = ui.replayRoot.querySelector<HTMLElement>('.replayer-wrapper');
    if (wrapper) {
      wrapper.style.transformOrigin = 'top left';
      wrapper.style.transform = `scale(${scale})`;
    }
    ui.stage.style.width = `${viewport.width * scale}px`;
    ui.stage.style.height = `${viewport.height * scale}px`;
    surface.setSize(viewport.width * scale, viewport.height * scale);
  };

  const replay = new LiveReplay(ui.replayRoot, {
    onGap: () => connection.send({ t: 'resync' }),
    onViewport: (width, height) => {
      viewport = { width, height };
      layout();
    },
  });

  const surface = new DrawingSurface(ui.canvas, HIGHLIGHT_COLOR, (drawn: Rect) => {
    const replayer = replay.current;
    if (!replayer || ended) return;
    const inReplay = { x: drawn.x / scale, y: drawn.y / scale, w: drawn.w / scale, h: drawn.h / scale };
    const { anchor, box } = anchorDrawnBox(replayer, inReplay);
    const annotation: Annotation = { id: randomId(), shape: 'rect', color: HIGHLIGHT_COLOR, stream: replay.streamShown, anchor, box };
    connection.send({ t: 'annotate', annotation });
  });

  const finish = (text: string): void => {
    ended = true;
    setStatus(text, 'ended');
    ui.consentExpiry.textContent = '';
    ui.highlight.disabled = true;
    ui.end.disabled = true;
    surface.setActive(false);
  };

  const onMessage = (message: RelayToAgentMessage): void => {
    switch (message.t) {
      case 'joining':
        setStatus('Waiting for the shopper to allow…');
        return;
      case 'consent':
        if (message.allow) setStatus('Live — you can see the shopper’s page', 'live');
        else finish('The shopper declined. You can ask them to try again.');
        return;
      case 'shopper':
        if (!ended) setStatus(message.connected ? 'Live — you can see the shopper’s page' : 'The shopper’s page is loading…', message.connected ? 'live' : 'info');
        return;
      case 'ended':
        finish(ENDED_TEXT[message.reason]);
        return;
      case 'expiry': {
        const endsAt = new Date(Date.now() + message.expiresInMs);
        ui.consentExpiry.textContent = `Consent until ${endsAt.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
        return;
      }
      case 'error':
        setStatus(message.message, 'ended');
        return;
    }
  };

  const connection = new ViewerConnection(token, code, {
    onMessage,
    onFrame: (frame) => replay.pushFrame(frame),
    onClosed: (closeCode, reason) => {
      if (closeCode === CloseCode.unauthorized) forgetAgentToken();
      if (!ended) finish(reason || 'Disconnected from the relay');
    },
  });

  ui.highlight.disabled = false;
  ui.end.disabled = false;
  ui.highlight.onclick = () => {
    const pressed = ui.highlight.getAttribute('aria-pressed') !== 'true';
    ui.highlight.setAttribute('aria-pressed', String(pressed));
    surface.setActive(pressed && !ended);
  };
  ui.end.onclick = () => connection.send({ t: 'end' });
  window.addEventListener('resize', layout);
}

function boot(): void {
  const token = takeAgentToken();
  if (!token) {
    show('signIn');
    ui.signInForm.onsubmit = (event) => {
      event.preventDefault();
      if (!ui.tokenInput.value.trim()) return;
      saveAgentToken(ui.tokenInput.value);
      boot();
    };
    return;
  }
  const code = codeFromUrl();
  if (!code) {
    show('join');
    ui.codeInput.focus();
    ui.joinForm.onsubmit = (event) => {
      event.preventDefault();
      const typed = ui.codeInput.value.replace(/\s+/g, '');
      if (!/^\d{6}$/.test(typed)) {
        ui.codeInput.setCustomValidity('Enter the 6-digit code the shopper sees');
        ui.codeInput.reportValidity();
        return;
      }
      history.replaceState(null, '', `${location.pathname}?code=${typed}`);
      startSession(token, typed);
    };
    return;
  }
  startSession(token, code);
}

boot();
