/**
 * The pages of the replay-fidelity corpus (test/fixtures/fidelity-corpus/shop/NAME.html),
 * the real-shop pattern each one reproduces, and what the measure needs to know about it.
 */

/** Text typed into a field of the shopper's page (then Tab, so `change` fires too). */
export interface TypedValue {
  selector: string;
  text: string;
}

/** One corpus page. */
export interface CorpusPage {
  /** File stem under shop/, and the page's name in reports. */
  name: string;
  /** The real-storefront pattern it reproduces. */
  pattern: string;
  /** Language of its text, for word segmentation. */
  lang: string;
  /** Shopper viewport; default 1024×720 (desktop). */
  viewport?: { width: number; height: number };
  /** Typed by the shopper while the agent watches (the privacy page). */
  typing?: TypedValue[];
  /** Strings that must never be on the wire, raw or JSON-escaped; their words are left out of word recall. */
  secrets?: string[];
  /** Short digit strings that must not be on the wire as a number of their own inside a JSON string (see wireSecrets.ts). */
  digitSecrets?: string[];
  /** Text of a `data-lookalong-unmask` field's echo: the replay must show it. */
  unmaskedEcho?: string;
  /** Elements whose box is expected to differ by design (masked values and their echoes); left out of picture match. */
  pictureExclude?: string[];
  /** A cross-origin iframe: left out of picture match, and the replay must show a labelled placeholder in its place. */
  crossOriginFrame?: string;
  /** Fewest elements the page must have (the large-storefront page proves its size). */
  minElements?: number;
}

const PHONE = { width: 414, height: 736 };

/** Every page, in report order. */
export const CORPUS_PAGES: readonly CorpusPage[] = [
  { name: 'cdn-stylesheet', lang: 'en', pattern: 'main stylesheet on a CDN origin without CORS, relative url() backgrounds and a web font next to it' },
  { name: 'import-chain', lang: 'en', pattern: 'same-origin stylesheet @importing a CDN stylesheet that @imports another (platform themes)' },
  { name: 'web-fonts', lang: 'en', pattern: '@font-face from the shop origin and from the CDN, big headings in them' },
  { name: 'blob-images', lang: 'en', pattern: 'images shown through blob: URLs (upload previews, customisers) and data: images' },
  { name: 'canvas', lang: 'en', pattern: 'chart drawn on a <canvas> after load and redrawn while the agent watches' },
  { name: 'sticky-bars', lang: 'en', viewport: PHONE, pattern: 'phone (H5) product page: sticky header and tabs, fixed bottom buy bar, scrolled' },
  { name: 'shadow-dom', lang: 'en', pattern: 'web components: open shadow roots styled by adoptedStyleSheets, a rule inserted later' },
  { name: 'css-in-js', lang: 'en', pattern: 'styled-components/emotion: rules only in the CSSOM via insertRule into an empty <style>, hashed class names' },
  {
    name: 'iframes',
    lang: 'en',
    pattern: 'same-origin iframe (size guide) and a cross-origin hosted payment field from another origin',
    crossOriginFrame: '#payment-frame',
  },
  { name: 'lazy-images', lang: 'en', pattern: 'loading=lazy, IntersectionObserver data-src swaps, srcset/sizes and <picture> sources, scrolled' },
  { name: 'storefront-4000', lang: 'en', minElements: 4000, pattern: 'client-rendered marketplace: >4,000 elements, mega-menu, SVG sprite icons, CSS on the CDN' },
  { name: 'chinese-form', lang: 'zh', viewport: PHONE, pattern: 'Simplified Chinese checkout address form in a WeUI/Layui-like mobile style' },
  {
    name: 'mirror-widgets',
    lang: 'en',
    pattern: 'checkout widgets echoing typed card number/name/expiry/CVV, greeting, address summary, title/aria-label, on-change echo, a contenteditable note, one unmasked field',
    typing: [
      { selector: '#ship-name', text: 'Zephyrine Quillfeather' },
      { selector: '#address-line', text: '17 Larkspur Crescent' },
      { selector: '#city', text: 'Wolverhampton' },
      { selector: '#cc-name', text: 'Zephyrine Quillfeather' },
      { selector: '#cc-number', text: '4000 0566 5566 5556' },
      { selector: '#cc-exp', text: '07/31' },
      { selector: '#cc-csc', text: '739' },
      { selector: '#courier-note', text: 'Ring twice at the blue gate' },
      { selector: '#gift-note', text: 'Happy birthday Marguerite' },
    ],
    secrets: ['Zephyrine', 'Quillfeather', '4000 0566 5566 5556', '4000056655665556', '07/31', '17 Larkspur Crescent', 'Larkspur', 'Wolverhampton', 'Ring twice at the blue gate'],
    digitSecrets: ['739', '4000', '0566', '5566', '5556'],
    unmaskedEcho: 'Happy birthday Marguerite',
    pictureExclude: ['input', '.card-face', '#wallet-number', '#greeting', '#summary-address', '#delivery-note', '#courier-note', '#summary-note'],
  },
];
