/**
 * `GET /assets/proxy?site=KEY&url=ABSOLUTE_URL` (HEAD answers the same; any other method 405):
 * a shop's stylesheet, font or image from one of the site's proxiable origins, served from our
 * origin so the agent console's replay can load it under the console's CSP. Not under /api: no
 * CORS, the console and its replay are same-origin with it.
 */
import { Router, type Response } from 'express';
import { ASSET_PROXY_PATH } from '../../../protocol/cssAssetUrls';
import type { AssetProxy } from './assetProxy';
import { AssetRefusal } from './assetRefusal';

/** Headers of every answer: no sniffing; an SVG opened directly runs no script on our origin; other origins may not embed it. */
const PROXY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Builds the router serving the asset proxy. */
export function assetProxyRouter(proxy: AssetProxy): Router {
  const router = Router();
  router.route(ASSET_PROXY_PATH)
    .get(async (req, res) => {
      res.set(PROXY_HEADERS);
      try {
        const asset = await proxy.load(req.query['site'], req.query['url']);
        res.set({ 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=600' }).send(asset.body);
      } catch (err) {
        if (!(err instanceof AssetRefusal)) throw err;
        sendRefusal(res, err.status, err.message);
      }
    })
    .all((_req, res) => {
      res.set(PROXY_HEADERS).set('Allow', 'GET, HEAD');
      sendRefusal(res, 405, 'only GET and HEAD');
    });
  return router;
}

/** A short plain-text refusal, never cached. */
function sendRefusal(res: Response, status: number, reason: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('text/plain').send(reason);
}
