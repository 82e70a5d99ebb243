/** A real CDN-like origin on 127.0.0.1 for asset proxy tests: no CORS headers, answers per path, records every request. */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Answers one request (the path's handler). */
export type AssetRoute = (req: IncomingMessage, res: ServerResponse) => void;

/** One request as received. */
export interface ReceivedAssetRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** A running origin. */
export interface AssetOrigin {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  port: number;
  received: ReceivedAssetRequest[];
  /** Requests received for `path`. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** Starts an origin serving `routes` by path (query ignored); any other path answers 404. */
export async function startAssetOrigin(routes: Record<string, AssetRoute>): Promise<AssetOrigin> {
  const received: ReceivedAssetRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://origin.invalid').pathname;
    received.push({ method: req.method ?? '', path, headers: req.headers });
    const route = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (route) route(req, res);
    else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such asset');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    received,
    hits: (path) => received.filter((request) => request.path === path).length,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A route answering `body` with `type` (and any extra headers). */
export function serve(type: string, body: string | Buffer, headers: Record<string, string> = {}): AssetRoute {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': type, ...headers }).end(body);
  };
}

/** A route redirecting (302) to `location`. */
export function redirect(location: string, status = 302): AssetRoute {
  return (_req, res) => {
    res.writeHead(status, { Location: location }).end();
  };
}
