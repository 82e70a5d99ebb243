import { describe, expect, it } from 'vitest';
import { candidateName, shortText, showsInViewport } from '../../agent-viewer/src/tools/elementCandidates';

describe('Element tool keyboard candidates', () => {
  it('keeps only boxes that show at least partly in the viewport', () => {
    expect(showsInViewport({ x: 10, y: 10, w: 50, h: 20 }, 800, 600)).toBe(true);
    expect(showsInViewport({ x: -40, y: 590, w: 50, h: 20 }, 800, 600)).toBe(true);
    expect(showsInViewport({ x: 10, y: 600, w: 50, h: 20 }, 800, 600)).toBe(false);
    expect(showsInViewport({ x: 10, y: -20, w: 50, h: 20 }, 800, 600)).toBe(false);
    expect(showsInViewport({ x: 10, y: 10, w: 0, h: 20 }, 800, 600)).toBe(false);
  });

  it('announces the tag and the visible text, collapsed and cut short', () => {
    expect(candidateName('button', shortText('  Add\n   to cart '))).toBe('button “Add to cart”');
    expect(candidateName('img', '')).toBe('img');
    const long = shortText('word '.repeat(40));
    expect(long.length).toBeLessThanOrEqual(60);
    expect(long.endsWith('…')).toBe(true);
  });
});
