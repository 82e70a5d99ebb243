/** CPU and network emulation of one page through CDP (a slower phone, a mobile uplink). */
import type { CDPSession } from 'playwright-core';

/** A network link as DevTools emulates it: bytes per second each way, added round-trip latency. */
export interface Uplink {
  name: string;
  latencyMs: number;
  uploadBytesPerSecond: number;
  downloadBytesPerSecond: number;
}

/** Fast-3G-like: 750 kbit/s up, 1.6 Mbit/s down, 150 ms. */
export const SLOW_UPLINK: Uplink = { name: '750 kbit/s up, 150 ms', latencyMs: 150, uploadBytesPerSecond: 750_000 / 8, downloadBytesPerSecond: 1_600_000 / 8 };
/** 4G-like: 4 Mbit/s both ways, 60 ms. */
export const FAST_UPLINK: Uplink = { name: '4 Mbit/s, 60 ms', latencyMs: 60, uploadBytesPerSecond: 4_000_000 / 8, downloadBytesPerSecond: 4_000_000 / 8 };

/** Slows the page's main thread down `rate` times (1 = off). */
export async function throttleCpu(cdp: CDPSession, rate: number): Promise<void> {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** Puts the page's traffic (HTTP and WebSockets) behind `link`. */
export async function emulateUplink(cdp: CDPSession, link: Uplink): Promise<void> {
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: link.latencyMs,
    uploadThroughput: link.uploadBytesPerSecond,
    downloadThroughput: link.downloadBytesPerSecond,
  });
}
