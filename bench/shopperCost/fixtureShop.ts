/**
 * The shopper-cost storefront (test/fixtures/shopper-cost) on its own origin, with a plain-rrweb
 * sink next to it. `storefront.html?recorder=lookalong|rrweb|none` picks what records it.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticShop } from '../../test/helpers/staticShop';
import { startWireSink } from './wireSink';

/** Folder of the fixture page. */
export const SHOPPER_COST_ROOT = fileURLToPath(new URL('../../test/fixtures/shopper-cost/', import.meta.url));
const require = createRequire(import.meta.url);
/** The UMD build of @rrweb/record (the one our SDK bundles), served to the baseline at /vendor/rrweb-record.js. */
const RRWEB_RECORD_UMD = join(dirname(require.resolve('@rrweb/record')), 'record.umd.min.cjs');
/** Its version, for reports. */
export const RRWEB_RECORD_VERSION = (JSON.parse(readFileSync(join(dirname(RRWEB_RECORD_UMD), '..', 'package.json'), 'utf8')) as { version: string }).version;

/** What records the page. */
export type Recorder = 'lookalong' | 'rrweb' | 'none';

/** The running shop and sink. */
export interface ShopperCostShop {
  /** URL of the storefront recorded by `recorder`. */
  pageUrl(recorder: Recorder): string;
  close(): Promise<void>;
}

/** Starts the sink, then the shop; `lookalongOrigin` serves /sdk.js. */
export async function startShopperCostShop(lookalongOrigin: string): Promise<ShopperCostShop> {
  const sink = await startWireSink();
  const shop = await startStaticShop(SHOPPER_COST_ROOT, lookalongOrigin, {
    replace: { '{{SDK}}': lookalongOrigin, '{{SINK}}': sink.url },
    route: async (path) => (path === '/vendor/rrweb-record.js' ? { body: await readFile(RRWEB_RECORD_UMD), type: 'text/javascript' } : null),
  });
  return {
    pageUrl: (recorder) => `${shop.url}/storefront.html?recorder=${recorder}`,
    close: async () => {
      await Promise.all([shop.close(), sink.close()]);
    },
  };
}
