/**
 * The SDK's size budgets (foundation issue: loader ≤ 6 KB, recorder chunk ≤ 35 KB; issue 13: the
 * UI chunk fetched when help is requested ≤ 4 KB; gzipped), and the recordings review page's
 * (issue 15: rrweb-player with its own replayer ≤ 120 KB), checked on the bundles `npm test`
 * builds first. Sizes, not timings: deterministic.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const gzipped = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;

describe('SDK bundle budgets (gzip -9)', () => {
  it('keeps the loader every shop page downloads within 6 KB', () => {
    expect(gzipped('dist/sdk.js')).toBeLessThanOrEqual(6 * 1024);
  });

  it('keeps the UI chunk (widget, consent dialog, dock) fetched when help is requested within 4 KB', () => {
    expect(gzipped('dist/sdk-ui.js')).toBeLessThanOrEqual(4 * 1024);
  });

  it('keeps the recorder chunk fetched after Allow within 35 KB', () => {
    expect(gzipped('dist/sdk-recorder.js')).toBeLessThanOrEqual(35 * 1024);
  });
});

describe('review page bundle budget (gzip -9)', () => {
  it('keeps the recordings review page (rrweb-player and its replayer included) within 120 KB', () => {
    expect(gzipped('dist/agent-review.js')).toBeLessThanOrEqual(120 * 1024);
  });
});
