import { describe, expect, it } from 'vitest';
import { readReplayPixels } from '../../protocol/replayPixels';
import { cssString, replayStyleRules } from '../../agent-viewer/src/replayStyleRules';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

describe('readReplayPixels', () => {
  it('accepts canvas and image updates with raster data URLs', () => {
    expect(readReplayPixels({ id: 7, kind: 'canvas', src: PNG, width: 120, height: 60.5 })).toEqual({ id: 7, kind: 'canvas', src: PNG, width: 120, height: 60.5 });
    expect(readReplayPixels({ id: 0, kind: 'image', src: 'data:image/webp;base64,UklGRg==', width: 0, height: 0 })).not.toBeNull();
  });

  const valid = { id: 1, kind: 'canvas', src: PNG, width: 10, height: 5 };
  it('accepts the valid base case used below', () => {
    expect(readReplayPixels(valid)).not.toBeNull();
  });

  it.each([
    ['no object', null],
    ['a string', 'x'],
    ['a negative id', { ...valid, id: -1 }],
    ['a fractional id', { ...valid, id: 1.5 }],
    ['an unknown kind', { ...valid, kind: 'video' }],
    ['an SVG data URL', { ...valid, src: 'data:image/svg+xml;base64,PHN2Zz4=' }],
    ['an http URL', { ...valid, src: 'https://evil.example/x.png' }],
    ['a javascript URL', { ...valid, src: 'javascript:alert(1)' }],
    ['text after the base64', { ...valid, src: `${PNG}"><script>` }],
    ['no size', { id: 1, kind: 'canvas', src: PNG }],
    ['a negative size', { ...valid, width: -1 }],
    ['an infinite size', { ...valid, width: Infinity }],
    ['a size given as text', { ...valid, height: '10px' }],
  ])('refuses %s', (_label, payload) => {
    expect(readReplayPixels(payload)).toBeNull();
  });
});

describe('replayStyleRules', () => {
  it('writes the frame label as a CSS string that cannot break out of its rule', () => {
    expect(cssString('a"b\\c')).toBe('"a\\22 b\\5c c"');
    const rules = replayStyleRules('Secure "payment" field } body { display:none');
    const label = rules.find((rule) => rule.includes('::before'))!;
    expect(label).toContain('content: "Secure \\22 payment\\22  field } body { display:none"');
  });
});
