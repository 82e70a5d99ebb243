/**
 * Raw WebSocket upgrade requests with exactly the headers a test chooses (no Origin at all, a
 * `null` Origin, …), answering with the HTTP status: 101 when the relay accepted the upgrade.
 */
import { request } from 'node:http';
import { randomBytes } from 'node:crypto';

/** Sends an upgrade request to `url` (http://…/ws/…) and resolves with the status and body text. */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}
