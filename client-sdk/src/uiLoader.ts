/**
 * The loader's way to the UI chunk (uiChunk.ts): imported once, when first needed (again after a
 * failed fetch), and every action on the UI runs once it is there, in call order.
 */
import type { SdkStrings } from './i18n';
import type { ShopperUi, UiChunk } from './uiChunk';

/** The tab's UI, loaded on demand. */
export interface UiLoader {
  /** The UI (the chunk is fetched on the first call). */
  load(): Promise<ShopperUi>;
  /** Runs `act` on the UI once it is there; a failed fetch is logged and `act` dropped. */
  withUi(act: (ui: ShopperUi) => void): void;
}

/** A loader of the chunk at `chunkUrl` (our own script URL and build version only, serviceUrls.ts); `onCancel` is the widget's Cancel. */
export function createUiLoader(chunkUrl: string, strings: SdkStrings, onCancel: () => void): UiLoader {
  let shopperUi: Promise<ShopperUi> | null = null;
  const load = (): Promise<ShopperUi> => {
    if (!shopperUi) {
      const loading = (import(/* @vite-ignore */ chunkUrl) as Promise<UiChunk>).then((chunk) => chunk.createShopperUi(strings, onCancel));
      loading.catch((err: unknown) => {
        shopperUi = null;
        console.error('[Lookalong] could not load the UI', err);
      });
      shopperUi = loading;
    }
    return shopperUi;
  };
  return {
    load,
    withUi: (act) => void load().then(act, () => undefined),
  };
}
