/**
 * Deterministic rrweb-like events for benchmarks: a shop page's FullSnapshot (serialized DOM
 * tree with class names, attributes, whitespace text nodes and inlined CSS, as rrweb records
 * it) and a mix of incremental events (mutations, mouse moves, scrolls, masked inputs).
 * Repetitive DOM JSON like the real thing, never random bytes.
 */
import { seededRandom } from './seededRandom';

/** rrweb event type numbers used here. */
const EventType = { FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4 } as const;
/** rrweb incremental sources used here. */
const Source = { Mutation: 0, MouseMove: 1, MouseInteraction: 2, Scroll: 3, Input: 5 } as const;
/** rrweb serialized node types. */
const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3 } as const;


type SerializedNode = Record<string, unknown>;


const WORDS = ['linen', 'shirt', 'organic', 'cotton', 'relaxed', 'fit', 'merino', 'wool', 'sweater', 'classic', 'denim', 'jacket', 'canvas', 'sneaker', 'leather', 'belt', 'slim', 'chino', 'trousers', 'rain', 'coat', 'knit', 'beanie', 'summer', 'dress', 'striped', 'tee', 'cashmere', 'scarf', 'hiking', 'boots'];
const DESCRIPTION = ['soft', 'breathable', 'made', 'in', 'Portugal', 'from', 'recycled', 'fibres', 'machine', 'washable', 'at', '30°', 'true', 'to', 'size', 'model', 'wears', 'a', 'medium', 'and', 'is', '185', 'cm', 'tall', 'lightweight', 'for', 'everyday', 'wear', 'with', 'a', 'clean', 'finish', 'ribbed', 'cuffs', 'hem', 'dropped', 'shoulders', 'mother-of-pearl', 'buttons', 'free', 'returns', 'within', '30', 'days', 'limited', 'edition', 'back', 'in', 'stock', 'ethically', 'sourced', 'garment-dyed', 'pre-washed', 'water-repellent', 'two', 'front', 'pockets', 'adjustable', 'hood', 'brushed', 'inside'];
const COLORS = ['navy', 'sand', 'olive', 'charcoal', 'ivory', 'rust', 'sky', 'forest'];

/** Builds serialized rrweb nodes with increasing mirror ids. */
class NodeFactory {
  private nextId = 1;
  constructor(readonly rand: () => number) {}

  id(): number {
    return this.nextId++;
  }

  el(tagName: string, attributes: Record<string, string | number | boolean>, childNodes: SerializedNode[] = []): SerializedNode {
    return { type: NodeType.Element, tagName, attributes, childNodes, id: this.id() };
  }

  text(textContent: string): SerializedNode {
    return { type: NodeType.Text, textContent, id: this.id() };
  }

  /** Element children interleaved with the whitespace text nodes real markup has. */
  indented(depth: number, children: SerializedNode[]): SerializedNode[] {
    const pad = `\n${'  '.repeat(depth)}`;
    const out: SerializedNode[] = [];
    for (const child of children) out.push(this.text(pad), child);
    out.push(this.text(`\n${'  '.repeat(Math.max(0, depth - 1))}`));
    return out;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rand() * list.length)]!;
  }

  title(words: number): string {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(this.pick(WORDS));
    const s = out.join(' ');
    return s[0]!.toUpperCase() + s.slice(1);
  }
}

function productCard(f: NodeFactory, index: number, depth: number): SerializedNode {
  const sku = 10_000 + index;
  const name = f.title(3 + Math.floor(f.rand() * 3));
  const slug = name.toLowerCase().replaceAll(' ', '-');
  const color = f.pick(COLORS);
  const price = (9 + Math.floor(f.rand() * 190)).toString() + '.' + (f.rand() < 0.5 ? '00' : '95');
  const onSale = f.rand() < 0.2;
  // CDN URLs carry content hashes; descriptions differ per product.
  const hash = Math.floor(f.rand() * 0xffffffff).toString(16).padStart(8, '0');
  const description: string[] = [];
  for (let i = 0; i < 10 + Math.floor(f.rand() * 14); i++) description.push(f.pick(DESCRIPTION));
  const reviews = Math.floor(f.rand() * 2000);
  return f.el(
    'article',
    { class: `product-card product-card--${color}${onSale ? ' product-card--sale' : ''}`, 'data-product-id': String(sku), 'data-testid': 'product-card' },
    f.indented(depth + 1, [
      f.el('a', { class: 'product-card__media', href: `https://shop.example/products/${slug}-${sku}` }, [
        f.el('img', { class: 'product-card__image', src: `https://cdn.shop.example/img/${sku}/${color}-640x800.webp?v=${hash}`, alt: name, loading: 'lazy', width: '640', height: '800' }),
      ]),
      f.el('div', { class: 'product-card__body' }, f.indented(depth + 2, [
        f.el('h3', { class: 'product-card__title' }, [f.el('a', { href: `https://shop.example/products/${slug}-${sku}`, class: 'link link--plain' }, [f.text(name)])]),
        f.el('p', { class: 'product-card__price' }, [
          f.el('span', { class: onSale ? 'price price--sale' : 'price' }, [f.text(`€${price}`)]),
          ...(onSale ? [f.el('s', { class: 'price price--was' }, [f.text(`€${(Number(price) * 1.3).toFixed(2)}`)])] : []),
        ]),
        f.el('p', { class: 'product-card__description' }, [f.text(description.join(' ') + '.')]),
        f.el('div', { class: 'rating', 'aria-label': `${(3 + f.rand() * 2).toFixed(1)} out of 5 stars, ${reviews} reviews` }, [f.text(`(${reviews})`)]),
        f.el('ul', { class: 'product-card__swatches', 'aria-label': 'Colours' }, COLORS.slice(0, 3 + (sku % 4)).map((c) => f.el('li', { class: `swatch swatch--${c}`, title: c }, []))),
        f.el('button', { class: 'btn btn--primary btn--small product-card__add', type: 'button', 'data-action': 'add-to-cart', 'data-sku': String(sku) }, [f.text('Add to cart')]),
      ])),
    ]),
  );
}

function stylesheet(f: NodeFactory, rules: number): string {
  const out: string[] = [];
  for (let i = 0; i < rules; i++) {
    const color = f.pick(COLORS);
    out.push(`.product-card--${color} .product-card__title a:hover{color:var(--${color}-700);text-decoration:underline}`);
    out.push(`.grid .col-${i % 12}{flex:0 0 ${((i % 12) / 12 * 100).toFixed(4)}%;max-width:${((i % 12) / 12 * 100).toFixed(4)}%}`);
    out.push(`@media (min-width:${480 + (i % 6) * 160}px){.btn--${i % 7}{padding:${4 + (i % 5)}px ${8 + (i % 9)}px;border-radius:${i % 4}px}}`);
  }
  return out.join('');
}

/** rrweb Meta event (the checkpoint start). */
export function metaEvent(timestamp = Date.now()): object {
  return { type: EventType.Meta, data: { href: 'https://shop.example/collections/new-in?page=2', width: 1440, height: 900 }, timestamp };
}

/** An rrweb FullSnapshot of a product listing page, grown with product cards to about `targetBytes` of JSON. */
export function fullSnapshotEvent(targetBytes: number, seed = 1, timestamp = Date.now()): object {
  const f = new NodeFactory(seededRandom(seed));
  const document = f.id();
  const doctype = { type: NodeType.DocumentType, name: 'html', publicId: '', systemId: '', id: f.id() };
  const head = f.el('head', {}, f.indented(2, [
    f.el('meta', { charset: 'utf-8' }),
    f.el('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    f.el('title', {}, [f.text('New in – Shop Example')]),
    f.el('link', { rel: 'stylesheet', href: 'https://cdn.shop.example/assets/theme.css', _cssText: stylesheet(f, Math.max(20, Math.floor(targetBytes / 4000))) }),
  ]));
  const nav = f.el('nav', { class: 'site-nav', 'aria-label': 'Main' }, [
    f.el('ul', { class: 'site-nav__list' }, f.indented(4, ['Women', 'Men', 'Kids', 'Home', 'Sale', 'Journal'].map((label) =>
      f.el('li', { class: 'site-nav__item' }, [f.el('a', { class: 'site-nav__link', href: `https://shop.example/collections/${label.toLowerCase()}` }, [f.text(label)])])))),
  ]);
  const header = f.el('header', { class: 'site-header', role: 'banner' }, f.indented(3, [nav, f.el('input', { type: 'search', class: 'search__input', name: 'q', placeholder: 'Search', value: '' })]));
  const grid: SerializedNode[] = [];
  const main = f.el('main', { id: 'main', class: 'collection' }, [f.el('section', { class: 'grid grid--4-col', 'data-collection': 'new-in' }, grid)]);
  const footer = f.el('footer', { class: 'site-footer' }, [f.text('© Shop Example · Terms · Privacy · Returns')]);
  const body = f.el('body', { class: 'template-collection' }, f.indented(2, [header, main, footer]));
  const html = f.el('html', { lang: 'en' }, [head, body]);
  const event = { type: EventType.FullSnapshot, data: { node: { type: NodeType.Document, childNodes: [doctype, html], id: document }, initialOffset: { top: 0, left: 0 } }, timestamp };
  let bytes = JSON.stringify(event).length;
  for (let i = 0; bytes < targetBytes; i++) {
    const card = productCard(f, i, 4);
    grid.push(f.text('\n        '), card);
    bytes += JSON.stringify(card).length + 40;
  }
  return event;
}

function mutationEvent(f: NodeFactory, rand: () => number, timestamp: number): object {
  const base = 200 + Math.floor(rand() * 5000);
  const kind = rand();
  if (kind < 0.4) {
    return {
      type: EventType.IncrementalSnapshot,
      data: { source: Source.Mutation, texts: [], attributes: [{ id: base, attributes: { class: `btn btn--primary btn--small product-card__add${rand() < 0.5 ? ' is-loading' : ''}`, 'aria-busy': rand() < 0.5 ? 'true' : null } }], removes: [], adds: [] },
      timestamp,
    };
  }
  if (kind < 0.7) {
    return {
      type: EventType.IncrementalSnapshot,
      data: { source: Source.Mutation, texts: [{ id: base, value: `${1 + Math.floor(rand() * 5)} items · €${(rand() * 300).toFixed(2)}` }], attributes: [], removes: [], adds: [] },
      timestamp,
    };
  }
  // A cart drawer line or toast added, the previous one removed.
  const card = productCard(f, base, 2);
  return {
    type: EventType.IncrementalSnapshot,
    data: { source: Source.Mutation, texts: [], attributes: [], removes: [{ parentId: 180, id: base - 1 }], adds: [{ parentId: 180, nextId: null, node: card }] },
    timestamp,
  };
}

/** `count` incremental events in a realistic mix (mouse moves most, then mutations, scrolls, clicks, inputs). */
export function incrementalEvents(count: number, seed = 7, start = Date.now()): object[] {
  const rand = seededRandom(seed);
  const f = new NodeFactory(seededRandom(seed + 1));
  const events: object[] = [];
  let t = start;
  let x = 700;
  let y = 400;
  for (let i = 0; i < count; i++) {
    t += 16 + Math.floor(rand() * 120);
    const r = rand();
    if (r < 0.45) {
      const positions = [];
      for (let p = 0; p < 3 + Math.floor(rand() * 8); p++) {
        x = Math.max(0, Math.min(1439, x + Math.round((rand() - 0.5) * 40)));
        y = Math.max(0, Math.min(899, y + Math.round((rand() - 0.5) * 30)));
        positions.push({ x, y, id: 200 + Math.floor(rand() * 5000), timeOffset: -Math.floor(rand() * 500) });
      }
      events.push({ type: EventType.IncrementalSnapshot, data: { source: Source.MouseMove, positions }, timestamp: t });
    } else if (r < 0.75) {
      events.push(mutationEvent(f, rand, t));
    } else if (r < 0.87) {
      events.push({ type: EventType.IncrementalSnapshot, data: { source: Source.Scroll, id: 1, x: 0, y: Math.floor(rand() * 9000) }, timestamp: t });
    } else if (r < 0.95) {
      events.push({ type: EventType.IncrementalSnapshot, data: { source: Source.MouseInteraction, type: 2, id: 200 + Math.floor(rand() * 5000), x, y, pointerType: 0 }, timestamp: t });
    } else {
      events.push({ type: EventType.IncrementalSnapshot, data: { source: Source.Input, text: '*'.repeat(1 + Math.floor(rand() * 14)), isChecked: false, id: 200 + Math.floor(rand() * 5000) }, timestamp: t });
    }
  }
  return events;
}

/**
 * A ~`bytes`-long text mutation event whose `timestamp` is `timestampMs` (fractional ms),
 * for latency probes: the viewer reads the timestamp back from the JSON.
 */
export function probeEvent(bytes: number, id: number, timestampMs: number): string {
  const head = `{"type":3,"data":{"source":0,"texts":[{"id":${id},"value":"`;
  const tail = `"}],"attributes":[{"id":${id + 1},"attributes":{"class":"cart-count badge badge--active"}}],"removes":[],"adds":[]},"timestamp":${timestampMs.toFixed(3)}}`;
  const fill = Math.max(1, bytes - head.length - tail.length);
  return head + `${id % 9} items in your cart, subtotal EUR ${(id % 300) + 0.95}`.padEnd(fill, ' .').slice(0, fill) + tail;
}
