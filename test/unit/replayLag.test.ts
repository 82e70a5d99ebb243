import { describe, expect, it } from 'vitest';
import { ReplayLag } from '../../agent-viewer/src/replayLag';

describe('ReplayLag: how far the replay is behind, drift-safe', () => {
  it('has no reading before the first event, and counts the first one as no lag', () => {
    const lag = new ReplayLag();
    expect(lag.current).toBeNull();
    expect(lag.observe(1_000, 1_050)).toBe(0);
    expect(lag.current).toBe(0);
  });

  it('measures each event against the fastest delivery seen', () => {
    const lag = new ReplayLag();
    lag.observe(1_000, 1_040); // transit 40
    expect(lag.observe(2_000, 2_040)).toBe(0);
    expect(lag.observe(3_000, 3_540)).toBe(500); // held up by 500 ms
    expect(lag.current).toBe(500);
    expect(lag.observe(4_000, 4_045)).toBe(5);
  });

  it('learns a faster delivery as the new baseline', () => {
    const lag = new ReplayLag();
    lag.observe(1_000, 1_300);
    expect(lag.observe(2_000, 2_100)).toBe(0);
    expect(lag.observe(3_000, 3_400)).toBe(300);
  });

  it('gives the same lags whatever the offset between the two clocks', () => {
    const delays = [30, 45, 1200, 60, 30, 800];
    const lagsWith = (offset: number): number[] => {
      const lag = new ReplayLag();
      return delays.map((delay, i) => lag.observe(i * 1000, i * 1000 + delay + offset));
    };
    const reference = lagsWith(0);
    expect(reference).toEqual([0, 15, 1170, 30, 0, 770]);
    // Shopper's clock 2 h ahead, 5 min behind, or a fraction off: same readings.
    for (const offset of [-7_200_000, 300_000, 0.25]) expect(lagsWith(offset).map(Math.round)).toEqual(reference);
  });

  it('shows no lag for a cached checkpoint that arrives all at once', () => {
    // The relay's checkpoint cache: events from a minute of shopper time delivered in one burst.
    const lag = new ReplayLag();
    const arrival = 100_000;
    for (const timestamp of [40_000, 55_000, 70_000, 99_950]) expect(lag.observe(timestamp, arrival)).toBe(0);
    expect(lag.observe(101_000, 101_050)).toBe(0);
  });
});
