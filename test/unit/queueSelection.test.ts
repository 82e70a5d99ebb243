/** Which sessions the agents' queue shows (server/src/api/queueSelection.ts). */
import { describe, expect, it } from 'vitest';
import { selectQueue } from '../../server/src/api/queueSelection';
import type { ListedSession } from '../../server/src/sessions/listedSession';

const NOW = 1_800_000_000_000;
let next = 0;
/** A listed session of `site`, created `ageMs` ago, its page connected unless `awayMs` says since when it is gone. */
function session(site: string, ageMs: number, extra: Partial<ListedSession> = {}): ListedSession {
  next += 1;
  return { code: String(100000 + next), site, state: 'waiting', lang: 'en', viewers: 0, createdAt: NOW - ageMs, awaySince: null, ...extra };
}
const bounds = { now: NOW, awayShownMs: 5000, max: 200 };

describe('queue selection', () => {
  it('lists connected pages, a page gone for less than the away time as away, not one gone longer; live sessions stay through reloads', () => {
    const connected = session('demo', 60_000);
    const justGone = session('demo', 50_000, { awaySince: NOW - 2000 });
    const longGone = session('demo', 40_000, { awaySince: NOW - 6000 });
    const liveReloading = session('demo', 30_000, { state: 'live', awaySince: NOW - 20_000 });
    const ended = session('demo', 20_000, { state: 'ended' });
    const { shown, omitted } = selectQueue([longGone, liveReloading, connected, justGone, ended], bounds);
    expect(shown.map((s) => [s.code, s.away])).toEqual([
      [connected.code, false],
      [justGone.code, true],
      [liveReloading.code, true],
    ]);
    expect(omitted).toBe(0);
  });

  it('caps the list and shares it out across sites, oldest first within each: a flood never hides another site', () => {
    const flood = Array.from({ length: 300 }, (_, i) => session('flooded', 1_000_000 - i));
    const others = [session('quiet', 10), session('quiet', 5), session('small', 1)];
    const { shown, omitted } = selectQueue([...flood, ...others], bounds);
    expect(shown).toHaveLength(200);
    expect(omitted).toBe(103);
    for (const other of others) expect(shown.map((s) => s.code)).toContain(other.code);
    // The flooded site's oldest 197, then the order is by age across sites.
    expect(shown.filter((s) => s.site === 'flooded').map((s) => s.code)).toEqual(flood.slice(0, 197).map((s) => s.code));
    expect(shown.map((s) => s.createdAt)).toEqual([...shown.map((s) => s.createdAt)].sort((a, b) => a - b));
  });

  it('lists nothing past the cap when every site floods: each gets an equal turn', () => {
    const sites = ['a', 'b', 'c', 'd'];
    const listed = sites.flatMap((site) => Array.from({ length: 100 }, (_, i) => session(site, 100_000 - i)));
    const { shown, omitted } = selectQueue(listed, { ...bounds, max: 10 });
    expect(omitted).toBe(390);
    const perSite = sites.map((site) => shown.filter((s) => s.site === site).length);
    expect(perSite.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...perSite) - Math.min(...perSite)).toBeLessThanOrEqual(1);
  });
});
