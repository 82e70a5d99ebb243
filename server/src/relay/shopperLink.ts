/** The shopper page's socket of one room: at most one at a time, a newer page replacing an older one. */
import type WebSocket from 'ws';
import { CloseCode } from '../../../protocol/closeCodes';
import type { EndReason } from '../../../protocol/messages';
import { SESSION_MOVED } from './sessionMoved';
import { closeWith, sendJson } from './socketSend';

const REPLACED = 'replaced by a newer page of this session';

/** The room's current shopper page, if one is connected. */
export class ShopperLink {
  private ws: WebSocket | null = null;
  private graceTimer: NodeJS.Timeout | undefined;
  /** Since when no page is connected (ms since the epoch); null while one is. A new room has none yet. */
  awaySince: number | null = Date.now();

  /** True while a page is connected. */
  get connected(): boolean {
    return this.ws !== null;
  }

  /** Binds a page (new or reloaded); an older one still open is closed as replaced. */
  attach(ws: WebSocket): void {
    this.stopWaiting();
    if (this.ws && this.ws !== ws) closeWith(this.ws, CloseCode.sessionEnded, REPLACED);
    this.ws = ws;
    this.awaySince = null;
  }

  /** Forgets `ws` if it is the current page; false when it is not. */
  detach(ws: WebSocket): boolean {
    if (this.ws !== ws) return false;
    this.ws = null;
    this.awaySince = Date.now();
    return true;
  }

  /** With no page connected: calls `onGone` unless a page attaches within `ms`. */
  awaitReturn(ms: number, onGone: () => void): void {
    this.stopWaiting();
    this.graceTimer = setTimeout(onGone, ms);
  }

  /** Cancels the wait for a page (it came back, or the room stops). */
  stopWaiting(): void {
    clearTimeout(this.graceTimer);
  }

  /** Sends a control message if a page is connected; false when none is. */
  tell(message: object): boolean {
    if (!this.ws) return false;
    sendJson(this.ws, message);
    return true;
  }

  /** The session ended: the page is told why and closed (4000). */
  end(reason: EndReason): void {
    if (this.tell({ t: 'ended', reason })) closeWith(this.ws!, CloseCode.sessionEnded, `session ended: ${reason}`);
    this.ws = null;
  }

  /**
   * The session moved to another node: a page replaced by a newer one there is closed for good
   * (4000); otherwise the page is told to reconnect (1012), which brings the session back to it.
   */
  moved(newerPage: boolean): void {
    if (this.ws && newerPage) closeWith(this.ws, CloseCode.sessionEnded, REPLACED);
    else if (this.ws) closeWith(this.ws, SESSION_MOVED.code, SESSION_MOVED.reason);
    this.ws = null;
  }
}
