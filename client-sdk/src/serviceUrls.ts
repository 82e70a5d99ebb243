/**
 * The Lookalong service is found from the SDK's own script URL (the shop page lives on its
 * own origin), never from the page's location.
 */

/** URLs of the service the SDK was loaded from. */
export interface ServiceUrls {
  shopperSocket(site: string): string;
  recorderChunk: string;
  uiChunk: string;
  /** Where the tab deletes its session's recording with its one-time token. */
  recordingDeletion(id: string): string;
}

/** Derives service URLs from the `src` of the SDK script tag and the chunks' build versions. */
export function serviceUrlsFrom(scriptSrc: string, recorderVersion: string, uiVersion: string): ServiceUrls {
  const base = new URL('./', scriptSrc);
  const socketBase = new URL('./ws/shopper', base);
  socketBase.protocol = socketBase.protocol === 'https:' ? 'wss:' : 'ws:';
  return {
    shopperSocket: (site) => `${socketBase.href}?site=${encodeURIComponent(site)}`,
    recorderChunk: new URL(`./sdk-recorder.js?v=${recorderVersion}`, base).href,
    uiChunk: new URL(`./sdk-ui.js?v=${uiVersion}`, base).href,
    recordingDeletion: (id) => new URL(`./shopper/recordings/${encodeURIComponent(id)}`, base).href,
  };
}
