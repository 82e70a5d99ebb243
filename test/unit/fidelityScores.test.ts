/** The replay-fidelity measure's scoring parts: block picture match, word recall, secrets on the wire. */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { matchPictures, regionHasContent } from '../helpers/pictureMatch';
import { stripedPng } from '../helpers/stripedPng';
import { findSecretsOnWire } from '../helpers/wireSecrets';
import { wordRecall, wordsOf } from '../helpers/wordRecall';

/** A 64×64 white PNG with an optional filled square (x, y, size, rgb). */
function shot(square?: { x: number; y: number; size: number; rgb: [number, number, number] }): Buffer {
  const png = new PNG({ width: 64, height: 64 });
  png.data.fill(255);
  if (square) {
    for (let y = square.y; y < square.y + square.size; y++) {
      for (let x = square.x; x < square.x + square.size; x++) png.data.set([...square.rgb, 255], (y * 64 + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

describe('matchPictures', () => {
  it('scores identical shots 1 and counts each block whose mean colour moved past the tolerance', () => {
    expect(matchPictures(shot(), shot()).share).toBe(1);
    const changed = matchPictures(shot(), shot({ x: 0, y: 0, size: 16, rgb: [255, 0, 0] }));
    expect(changed.blocks).toBe(16);
    expect(changed.mismatched).toEqual([{ x: 0, y: 0, width: 16, height: 16 }]);
    expect(changed.share).toBe(15 / 16);
  });

  it('forgives small differences (one dark pixel in a block) but not a missing picture', () => {
    expect(matchPictures(shot(), shot({ x: 3, y: 3, size: 1, rgb: [0, 0, 0] })).share).toBe(1);
    expect(matchPictures(shot(), shot({ x: 0, y: 0, size: 64, rgb: [200, 200, 200] })).share).toBe(0);
  });

  it('leaves out blocks touching an excluded area, and refuses shots of different sizes', () => {
    const result = matchPictures(shot(), shot({ x: 20, y: 20, size: 8, rgb: [0, 0, 0] }), { exclude: [{ x: 20, y: 20, width: 8, height: 8 }] });
    expect(result).toMatchObject({ share: 1, excluded: 1, compared: 15 });
    expect(() => matchPictures(shot(), stripedPng('000000', 'ffffff', 32))).toThrow(/differ in size/);
  });
});

describe('regionHasContent', () => {
  it('tells a plain box from one with a pattern or text in it', () => {
    expect(regionHasContent(shot(), { x: 0, y: 0, width: 64, height: 64 })).toBe(false);
    expect(regionHasContent(shot({ x: 10, y: 10, size: 12, rgb: [0, 0, 0] }), { x: 0, y: 0, width: 64, height: 64 })).toBe(true);
  });
});

describe('word recall', () => {
  it('segments English and Chinese into unique lower-cased words, punctuation left out', () => {
    expect([...wordsOf('Add to cart — ADD to Cart!', 'en')]).toEqual(['add', 'to', 'cart']);
    const zh = wordsOf('温馨提示：请核对收货信息。', 'zh');
    expect(zh.has('：')).toBe(false);
    expect(zh.size).toBeGreaterThan(2);
  });

  it('is the share of shopper words the replay has, excluded words not counted', () => {
    const shopper = wordsOf('Hi Zephyrine, your order ships today', 'en');
    const replay = wordsOf('Hi *********, your order ships', 'en');
    const result = wordRecall(shopper, replay, new Set(['zephyrine']));
    expect(result).toEqual({ recall: 4 / 5, counted: 5, missing: ['today'] });
  });
});

describe('findSecretsOnWire', () => {
  const frame = (value: unknown): string => `\u0001\u0002envelope${JSON.stringify(value)}`;

  it('finds a secret raw or JSON-escaped anywhere', () => {
    expect(findSecretsOnWire([frame({ text: 'Ship to 17 Larkspur Crescent' })], ['Larkspur'])).toEqual(['Larkspur']);
    expect(findSecretsOnWire([frame({ text: 'O"Brien' })], ['O"Brien'])).toEqual(['O"Brien']);
    expect(findSecretsOnWire([frame({ text: '********' })], ['Larkspur'])).toEqual([]);
  });

  it('finds a short number only as a word inside a JSON string, not in timestamps, coordinates, CSS or base64', () => {
    const innocent = frame({ timestamp: 1717000739123, x: 739, style: 'top: 739px; width: 73.9%', src: 'data:image/webp;base64,AAb739Qx', id: 'n1739' });
    expect(findSecretsOnWire([innocent], [], ['739'])).toEqual([]);
    expect(findSecretsOnWire([frame({ texts: [{ value: 'CVV 739' }] })], [], ['739'])).toEqual(['739']);
    expect(findSecretsOnWire([frame({ textContent: '5566' })], [], ['5566', '739'])).toEqual(['5566']);
  });
});
