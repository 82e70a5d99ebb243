import { describe, expect, it, vi } from 'vitest';
import { Readiness } from '../../server/src/ops/readiness';

describe('readiness', () => {
  it('is ready with no checks and when every check passes', async () => {
    expect(await new Readiness(() => {}).report()).toEqual({ ready: true, checks: {} });
    const readiness = new Readiness(() => {});
    readiness.add({ name: 'sync', probe: () => {} });
    readiness.add({ name: 'async', probe: async () => {} });
    expect(await readiness.report()).toEqual({ ready: true, checks: { sync: 'ok', async: 'ok' } });
  });

  it('is not ready when a check throws or rejects, and tells why to its listener only', async () => {
    const changes: Array<[string, boolean, string | undefined]> = [];
    const readiness = new Readiness((name, failing, reason) => changes.push([name, failing, (reason as Error | undefined)?.message]));
    readiness.add({ name: 'ok', probe: () => {} });
    readiness.add({ name: 'throws', probe: () => {
      throw new Error('redis down');
    } });
    readiness.add({ name: 'rejects', probe: () => Promise.reject(new Error('disk full')) });
    expect(await readiness.report()).toEqual({ ready: false, checks: { ok: 'ok', throws: 'failing', rejects: 'failing' } });
    expect(changes.sort()).toEqual([['rejects', true, 'disk full'], ['throws', true, 'redis down']]);
  });

  it('reports a change of state once, not on every probe', async () => {
    const changes: Array<[string, boolean]> = [];
    let up = false;
    const readiness = new Readiness((name, failing) => changes.push([name, failing]));
    readiness.add({ name: 'redis', probe: () => {
      if (!up) throw new Error('down');
    } });
    for (let i = 0; i < 3; i++) await readiness.report();
    up = true;
    for (let i = 0; i < 3; i++) await readiness.report();
    expect(changes).toEqual([['redis', true], ['redis', false]]);
  });

  it('counts a check that never answers as failing after its deadline', async () => {
    vi.useFakeTimers();
    try {
      const readiness = new Readiness(() => {});
      readiness.add({ name: 'hangs', probe: () => new Promise<void>(() => {}) });
      const pending = readiness.report();
      await vi.advanceTimersByTimeAsync(2000);
      expect(await pending).toEqual({ ready: false, checks: { hangs: 'failing' } });
    } finally {
      vi.useRealTimers();
    }
  });
});
