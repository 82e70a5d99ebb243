/**
 * The two origins of the replay-fidelity corpus (test/fixtures/fidelity-corpus), both on
 * 127.0.0.1 with random ports:
 * - the shop (`shop/`): the pages, their same-origin CSS/JS/SVG, `/sdk.js` pointed at the
 *   Lookalong server, `{{CDN}}` replaced by the CDN origin in HTML, CSS and JS;
 * - the "CDN" (`cdn/`): stylesheets, images and a payment-field page, with no CORS headers,
 *   like most shop CDNs — so the shop's page can use them but cannot read its CDN stylesheets'
 *   rules. Only font files get `Access-Control-Allow-Origin: *`: browsers fetch web fonts in
 *   CORS mode, so a CDN that serves a shop's fonts must send it or the shop itself shows none.
 *   The shop origin sends no CORS header at all (its own fonts are same-origin to its pages).
 *
 * Generated on request, so no binary is committed: `stripes-RRGGBB-RRGGBB-SIZE.png` anywhere
 * under `/generated/`, and the web fonts in FONT_FILES, copied from Debian's DejaVu fonts
 * (404 when the machine has none: the pages then fall back, and fontsAvailable() says so).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentTypeOf, startStaticShop, type ServedFile, type StaticShop } from './staticShop';
import { stripedPngFromName } from './stripedPng';

/** Folder of the corpus, with `shop/` and `cdn/` inside. */
export const FIDELITY_CORPUS_ROOT = fileURLToPath(new URL('../fixtures/fidelity-corpus/', import.meta.url));

const DEJAVU = '/usr/share/fonts/truetype/dejavu/';
/** Web-font file names the pages use → the installed font served under that name (any folder, either origin). */
const FONT_FILES: Record<string, string> = {
  'orchard-serif.ttf': `${DEJAVU}DejaVuSerifCondensed-BoldItalic.ttf`,
  'ledger-mono.ttf': `${DEJAVU}DejaVuSansMono-BoldOblique.ttf`,
  'harbor-display.ttf': `${DEJAVU}DejaVuSerifCondensed-Bold.ttf`,
};

/** The two running origins. */
export interface FidelityCorpusServer {
  /** Origin of the shop pages, e.g. `http://127.0.0.1:40001`. */
  shopUrl: string;
  /** Origin of the CDN (same host, another port: another origin). */
  cdnUrl: string;
  close(): Promise<void>;
}

/** Lookalong server settings for measuring the corpus: the asset proxy may fetch from 127.0.0.1, where the corpus CDN is. */
export const CORPUS_SERVER_ENV: Readonly<Record<string, string>> = { LOOKALONG_ASSET_PROXY_ALLOW_PRIVATE: 'true' };

/** True when every web font the corpus serves exists on this machine. */
export function fontsAvailable(): boolean {
  return Object.values(FONT_FILES).every((file) => existsSync(file));
}

/** Generated files of both origins; `corsFonts` adds the CDN's CORS header to fonts. */
function generatedFiles(corsFonts: boolean): (path: string) => Promise<ServedFile | null> {
  return async (path) => {
    const name = basename(path);
    const font = FONT_FILES[name];
    if (font) {
      const headers: Record<string, string> = corsFonts ? { 'access-control-allow-origin': '*' } : {};
      return { body: await readFile(font), type: contentTypeOf(name), headers };
    }
    const png = path.startsWith('/generated/') ? stripedPngFromName(name) : null;
    return png ? { body: png, type: 'image/png' } : null;
  };
}

/** Starts the CDN, then the shop (whose files name the CDN's origin); `sdkOrigin` serves /sdk.js. */
export async function startFidelityCorpusServer(sdkOrigin: string): Promise<FidelityCorpusServer> {
  const cdn: StaticShop = await startStaticShop(`${FIDELITY_CORPUS_ROOT}cdn`, sdkOrigin, { route: generatedFiles(true) });
  const shop: StaticShop = await startStaticShop(`${FIDELITY_CORPUS_ROOT}shop`, sdkOrigin, {
    replace: { '{{CDN}}': cdn.url },
    route: generatedFiles(false),
  });
  return {
    shopUrl: shop.url,
    cdnUrl: cdn.url,
    close: async () => {
      await Promise.all([shop.close(), cdn.close()]);
    },
  };
}
