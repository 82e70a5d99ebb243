/**
 * A shop on its own origin for browser tests: serves a fixture folder on 127.0.0.1 and points
 * its `<script src="/sdk.js">` at the Lookalong server, as a real shop's page would.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** A running static shop. */
export interface StaticShop {
  url: string;
  close(): Promise<void>;
}

/** Serves `root` at `/`; HTML gets its SDK tag pointed at `sdkOrigin`. */
export async function startStaticShop(root: string, sdkOrigin: string): Promise<StaticShop> {
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://shop.invalid').pathname)).replace(/^(\.\.[/\\])+/, '');
    readFile(join(root, path)).then(
      (body) => {
        const type = TYPES[extname(path)] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type });
        res.end(type.startsWith('text/html') ? body.toString('utf8').replaceAll('src="/sdk.js"', `src="${sdkOrigin}/sdk.js"`) : body);
      },
      () => {
        res.writeHead(404).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
