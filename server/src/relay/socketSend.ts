/** Bounded sends: every write to a client goes through here so no buffer grows past its cap. */
import WebSocket from 'ws';

/** Sends a control message as a JSON text frame, if the socket is open. */
export function sendJson(ws: WebSocket, message: object): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
}

/**
 * Sends a binary frame unless it would take the socket's send buffer past `maxBuffered` bytes
 * while something is still queued (a single frame larger than the cap goes out on an empty
 * buffer, so memory stays within cap + one largest frame). Past that, `onTooSlow` runs and
 * false is returned; the caller drops the viewer to a resync.
 */
export function sendFrameBounded(ws: WebSocket, frame: Buffer, maxBuffered: number, onTooSlow: () => void): boolean {
  if (ws.readyState !== WebSocket.OPEN) return false;
  const queued = ws.bufferedAmount;
  if (queued > 0 && queued + frame.byteLength > maxBuffered) {
    onTooSlow();
    return false;
  }
  ws.send(frame, { binary: true });
  return true;
}

/** Closes a socket with an application code and a reason trimmed to the 123-byte limit. */
export function closeWith(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) return;
  ws.close(code, Buffer.from(reason).subarray(0, 123).toString());
}
