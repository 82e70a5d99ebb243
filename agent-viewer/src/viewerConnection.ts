/**
 * The agent console's socket to the relay: a fresh one-time ticket for every (re)connection,
 * join, control messages, binary frames, rejoin. The JWT itself never goes over the socket.
 */
import { CloseCode } from '../../protocol/closeCodes';
import { parseRelayToAgent, type RelayToAgentMessage } from '../../protocol/messages';
import { type AgentMessage } from '../../protocol/agentMessages';
import type { TicketAnswer } from './ticketApi';

/** Callbacks of a viewer connection. */
export interface ViewerConnectionEvents {
  onMessage(message: RelayToAgentMessage): void;
  onFrame(frame: ArrayBuffer): void;
  /** The socket closed for good; `code` says why. */
  onClosed(code: number, reason: string): void;
}

/** Close codes after which rejoining makes no sense. */
const FINAL_CODES = new Set<number>([CloseCode.sessionEnded, CloseCode.unauthorized, CloseCode.unknownSession, CloseCode.denied, CloseCode.protocolError]);
const MAX_ATTEMPTS = 6;

/** Opens and keeps the agent's socket to one session. */
export class ViewerConnection {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private closedForGood = false;

  constructor(
    private readonly requestTicket: () => Promise<TicketAnswer>,
    private readonly code: string,
    private readonly events: ViewerConnectionEvents,
  ) {
    this.open();
  }

  /** Sends a control message if connected. */
  send(message: AgentMessage): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** Closes without rejoining. */
  close(): void {
    this.closedForGood = true;
    this.socket?.close(1000, 'agent left');
  }

  private open(): void {
    void this.requestTicket().then((answer) => {
      if (this.closedForGood) return;
      if (answer.kind === 'ok') this.connect(answer.ticket);
      else if (answer.kind === 'unauthorized') this.finish(CloseCode.unauthorized, 'agent token refused');
      else this.retryOrFinish(1006, answer.reason);
    });
  }

  private connect(ticket: string): void {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/agent`;
    const ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer';
    this.socket = ws;
    ws.onopen = () => {
      this.attempts = 0;
      ws.send(JSON.stringify({ t: 'join', ticket, code: this.code } satisfies AgentMessage));
    };
    ws.onmessage = (event) => {
      if (event.data instanceof ArrayBuffer) return this.events.onFrame(event.data);
      try {
        this.events.onMessage(parseRelayToAgent(String(event.data)));
      } catch (err) {
        console.warn('[Lookalong] ignored an invalid relay message:', (err as Error).message);
      }
    };
    ws.onclose = (event) => {
      if (this.socket !== ws) return;
      this.socket = null;
      if (this.closedForGood || FINAL_CODES.has(event.code)) this.finish(event.code, event.reason);
      else this.retryOrFinish(event.code, event.reason);
    };
  }

  /** Reconnects with jittered backoff, or gives up after MAX_ATTEMPTS. */
  private retryOrFinish(code: number, reason: string): void {
    if (this.attempts >= MAX_ATTEMPTS) return this.finish(code, reason);
    const delay = Math.min(4000, 250 * 2 ** this.attempts) * (0.5 + Math.random());
    this.attempts += 1;
    setTimeout(() => this.open(), delay);
  }

  private finish(code: number, reason: string): void {
    this.closedForGood = true;
    this.events.onClosed(code, reason);
  }
}
