/**
 * A shop on its own origin for browser tests: serves a fixture folder on 127.0.0.1 and points
 * its `<script src="/sdk.js">` at the Lookalong server, as a real shop's page would.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/** A running static shop. */
export interface StaticShop {
  url: string;
  close(): Promise<void>;
}

/** A response a shop's `route` produces itself instead of reading a file. */
export interface ServedFile {
  body: Buffer;
  type: string;
  headers?: Record<string, string>;
}

/** Optional extras of a static shop (the default shop needs none). */
export interface StaticShopOptions {
  /** Placeholders replaced in every served text file (HTML, CSS, JS), e.g. `{{CDN}}` → an origin. */
  replace?: Record<string, string>;
  /** Serves a path itself (generated files); null falls through to the folder. */
  route?: (path: string) => Promise<ServedFile | null>;
}

/** Content type of a file name, by extension. */
export function contentTypeOf(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}

/** Serves `root` at `/`; HTML gets its SDK tag pointed at `sdkOrigin`. */
export async function startStaticShop(root: string, sdkOrigin: string, options: StaticShopOptions = {}): Promise<StaticShop> {
  const replacements = Object.entries(options.replace ?? {});
  const readServed = async (path: string): Promise<ServedFile> => {
    const type = contentTypeOf(path);
    const body = await readFile(join(root, path));
    if (!/^text\//.test(type)) return { body, type };
    let text = body.toString('utf8');
    if (type.startsWith('text/html')) text = text.replaceAll('src="/sdk.js"', `src="${sdkOrigin}/sdk.js"`);
    for (const [placeholder, value] of replacements) text = text.replaceAll(placeholder, value);
    return { body: Buffer.from(text, 'utf8'), type };
  };
  const server: Server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://shop.invalid').pathname)).replace(/^(\.\.[/\\])+/, '');
    (options.route ? options.route(path) : Promise.resolve(null))
      .then((routed) => routed ?? readServed(path))
      .then(
        ({ body, type, headers }) => {
          res.writeHead(200, { 'content-type': type, ...headers });
          res.end(body);
        },
        () => {
          res.writeHead(404).end();
        },
      );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
