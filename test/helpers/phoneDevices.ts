/**
 * Phones for end-to-end tests: Chromium contexts with touch emulation and the user agents
 * shoppers really come with — WeChat's in-app browser on Android, and Safari on an iPhone.
 */
import type { BrowserContextOptions } from 'playwright-core';

/** WeChat's in-app browser (XWEB) on an Android phone. */
export const WECHAT_ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
/** Safari on an iPhone. */
export const IPHONE_SAFARI_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

/** A 390×760 phone's viewport (CSS px). */
export const PHONE_VIEWPORT = { width: 390, height: 760 };

/** Context options of a touch phone with `userAgent` (default: WeChat on Android, zh-CN). */
export function phoneContext(userAgent = WECHAT_ANDROID_UA, extra: BrowserContextOptions = {}): BrowserContextOptions {
  return {
    viewport: PHONE_VIEWPORT,
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    userAgent,
    locale: userAgent === WECHAT_ANDROID_UA ? 'zh-CN' : 'en-US',
    ...extra,
  };
}
