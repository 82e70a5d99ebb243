/**
 * The review page's pure parts (agent-viewer/src/review): its dictionaries (every key in en and
 * zh-CN, same placeholders, every key the page uses), the API client (status → failure,
 * validation that drops bad rows and items but refuses a body that is no recording), the words
 * for failures, formatting, the progress slider's keys, `?id=` links, list order and the
 * current marker.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentMarkerIndex } from '../../agent-viewer/src/review/markerList';
import { sliderTarget } from '../../agent-viewer/src/review/playerAccess';
import { fetchRecording, fetchRecordingList, readRecordingBodyTolerant, readRecordingListTolerant } from '../../agent-viewer/src/review/recordingApi';
import { newestFirst } from '../../agent-viewer/src/review/recordingList';
import { REVIEW_TEST_IDS, testIdSelector } from '../../agent-viewer/src/review/reviewElements';
import { failureText } from '../../agent-viewer/src/review/reviewErrors';
import { epochOf, formatDuration, formatLocalDateTime, shortId } from '../../agent-viewer/src/review/reviewFormat';
import { pickReviewLanguage, REVIEW_STRINGS, type ReviewStringKey } from '../../agent-viewer/src/review/reviewI18n';
import { recordingIdFrom } from '../../agent-viewer/src/review/reviewLinks';
import type { TimelineMarker } from '../../agent-viewer/src/review/timelineMarkers';
import type { RecordingSummary } from '../../protocol/recording';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
const html = readFileSync(new URL('../../agent-viewer/review.html', import.meta.url), 'utf8');

describe('review page dictionaries', () => {
  const keys = Object.keys(REVIEW_STRINGS.en).sort() as ReviewStringKey[];

  it('has every key in both languages, none empty, with the same placeholders, really translated', () => {
    expect(Object.keys(REVIEW_STRINGS['zh-CN']).sort()).toEqual(keys);
    for (const key of keys) {
      for (const lang of ['en', 'zh-CN'] as const) expect(REVIEW_STRINGS[lang][key].trim(), `${lang}.${key}`).not.toBe('');
      expect(placeholders(REVIEW_STRINGS['zh-CN'][key]), key).toEqual(placeholders(REVIEW_STRINGS.en[key]));
    }
    expect(keys.filter((key) => REVIEW_STRINGS['zh-CN'][key] === REVIEW_STRINGS.en[key])).toEqual([]);
  });

  it('covers every data-i18n and data-i18n-label key of review.html', () => {
    const used = [...html.matchAll(/data-i18n(?:-label)?="([^"]+)"/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(15);
    for (const key of used) expect(keys, key).toContain(key);
  });

  it('picks the language like the console: ?lang=, then the browser, then English', () => {
    expect(pickReviewLanguage('zh', ['en-US'])).toBe('zh-CN');
    expect(pickReviewLanguage(null, ['zh-TW'])).toBe('zh-CN');
    expect(pickReviewLanguage('fr', ['de'])).toBe('en');
  });
});

describe('review.html', () => {
  it('carries the fixed test ids, loads only its own bundle and has a lang', () => {
    expect(html).toContain(`data-testid="${REVIEW_TEST_IDS.player}"`);
    expect(html).toContain(`data-testid="${REVIEW_TEST_IDS.error}"`);
    expect(html).toMatch(/<html lang="en">/);
    expect([...html.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="module" src="/agent/review/review.js">']);
    expect(testIdSelector(REVIEW_TEST_IDS.recordingRow)).toBe('[data-testid="recording-row"]');
  });
});

const summary = (id: string, startedAt: string): RecordingSummary => ({ id, session: `s-${id}`, site: 'shop', agents: [{ id: 'a1', name: 'Anna' }], startedAt, durationMs: 1000 });

describe('recording API client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('drops list rows that fail validation and counts them; refuses a body that is no list', () => {
    const good = summary('r1', '2026-01-01T10:00:00.000Z');
    expect(readRecordingListTolerant({ recordings: [good, { id: 'x' }, 'nope'] })).toEqual({ recordings: [good], dropped: 2, next: null });
    const next = '1796540133355_6f1c2b1e-8d0a-4c1e-9a57-0d3c1f7b2e11';
    expect(readRecordingListTolerant({ recordings: [good], next }).next).toBe(next);
    // A `next` that is no cursor of this API is not followed.
    expect(readRecordingListTolerant({ recordings: [good], next: 'https://evil.example/?x' }).next).toBeNull();
    expect(() => readRecordingListTolerant({ recordings: 'all' })).toThrow();
    expect(() => readRecordingListTolerant(null)).toThrow();
  });

  it('drops recording items that fail validation and counts them; refuses an invalid summary', () => {
    const body = {
      ...summary('r1', '2026-01-01T10:00:00.000Z'),
      endedAt: null,
      items: [
        { at: 1, kind: 'frame', data: 'AQID' },
        { at: 2, kind: 'frame', data: 'not base64!' },
        { at: 3, kind: 'mark', message: { op: 'add', annotation: { id: 'x' }, by: { id: 'a', name: 'A' } } },
        { at: 4, kind: 'audit', type: 'viewer.joined', actor: 'a1', detail: { agentName: 'Anna', nested: { no: 1 } } },
        { at: -1, kind: 'audit', type: 'x', actor: 'y' },
        { at: 5, kind: 'elsewhere' },
      ],
    };
    const { recording, dropped } = readRecordingBodyTolerant(body);
    expect(dropped).toBe(4);
    expect(recording.items).toEqual([
      { at: 1, kind: 'frame', data: 'AQID' },
      { at: 4, kind: 'audit', type: 'viewer.joined', actor: 'a1', detail: { agentName: 'Anna' } },
    ]);
    expect(() => readRecordingBodyTolerant({ ...body, site: 42 })).toThrow();
    expect(() => readRecordingBodyTolerant({ ...body, items: {} })).toThrow();
  });

  it('maps statuses to failures and sends the token as a bearer header', async () => {
    const seen: Array<{ url: string; auth: string | null }> = [];
    const answers = [401, 403, 404, 409, 500].map((status) => new Response(JSON.stringify({ error: 'no' }), { status }));
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      seen.push({ url, auth: new Headers(init.headers).get('authorization') });
      return answers.shift()!;
    });
    expect(await fetchRecordingList('tok')).toEqual({ kind: 'unauthorized' });
    expect(await fetchRecordingList('tok')).toEqual({ kind: 'forbidden' });
    expect(await fetchRecording('tok', 'a/b?c')).toEqual({ kind: 'not-found' });
    expect(await fetchRecording('tok', 'r1')).toEqual({ kind: 'damaged' });
    expect(await fetchRecording('tok', 'r1')).toEqual({ kind: 'server', status: 500 });
    expect(seen[0]).toEqual({ url: '/api/recordings', auth: 'Bearer tok' });
    expect(seen[2]!.url).toBe('/api/recordings/a%2Fb%3Fc');
  });

  it('reports network errors and unreadable bodies', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await fetchRecordingList('tok')).toEqual({ kind: 'network', reason: 'Failed to fetch' });
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 200 }));
    expect((await fetchRecording('tok', 'r1')).kind).toBe('invalid');
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ recordings: [summary('r1', 'x')] }), { status: 200 }));
    expect(await fetchRecordingList('tok')).toEqual({ kind: 'ok', recordings: [summary('r1', 'x')], dropped: 0, next: null });
  });

  it('says each failure in words, offering to try again only when that may help', () => {
    const en = REVIEW_STRINGS.en;
    expect(failureText({ kind: 'forbidden' }, en)).toEqual({ text: en.errorForbidden, retry: false });
    expect(failureText({ kind: 'not-found' }, REVIEW_STRINGS['zh-CN']).text).toBe('找不到此录像，或您无权查看。');
    expect(failureText({ kind: 'unauthorized' }, en).retry).toBe(false);
    expect(failureText({ kind: 'damaged' }, en)).toEqual({ text: en.errorDamaged, retry: false });
    expect(failureText({ kind: 'network', reason: 'x' }, en)).toEqual({ text: en.errorNetwork, retry: true });
    expect(failureText({ kind: 'server', status: 502 }, en).text).toContain('502');
    expect(failureText({ kind: 'invalid', reason: 'x' }, en).retry).toBe(true);
  });
});

describe('formatting, links, order', () => {
  it('writes durations, short ids and local times', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(shortId('3f2c9b1e-5d4a-4c1b-9e7f-0a1b2c3d4e5f')).toBe('3f2c9b1e');
    expect(formatLocalDateTime('not a date', 'en')).toBe('not a date');
    expect(formatLocalDateTime('2026-01-01T10:00:00Z', 'en')).toMatch(/2026/);
    expect(epochOf('2026-01-01T00:00:00Z')).toBe(Date.UTC(2026, 0, 1));
    expect(epochOf('soon')).toBeNull();
  });

  it('reads ?id= (trimmed, bounded)', () => {
    expect(recordingIdFrom('?id=rec-1&lang=zh')).toBe('rec-1');
    expect(recordingIdFrom('?id=')).toBeNull();
    expect(recordingIdFrom('?lang=en')).toBeNull();
    expect(recordingIdFrom(`?id=${'x'.repeat(65)}`)).toBeNull();
  });

  it('lists newest first, unreadable dates last', () => {
    const list = [summary('old', '2026-01-01T00:00:00Z'), summary('bad', 'yesterday'), summary('new', '2026-03-01T00:00:00Z')];
    expect(newestFirst(list).map((r) => r.id)).toEqual(['new', 'old', 'bad']);
  });

  it('moves the progress slider by keys, within the recording', () => {
    expect(sliderTarget('ArrowRight', 1000, 60_000)).toBe(6000);
    expect(sliderTarget('ArrowLeft', 1000, 60_000)).toBe(0);
    expect(sliderTarget('PageUp', 50_000, 60_000)).toBe(60_000);
    expect(sliderTarget('Home', 50_000, 60_000)).toBe(0);
    expect(sliderTarget('End', 0, 60_000)).toBe(60_000);
    expect(sliderTarget('a', 0, 60_000)).toBeNull();
  });

  it('knows the marker playback last passed', () => {
    const markers = [10, 20, 20, 30].map((time) => ({ time }) as TimelineMarker);
    expect(currentMarkerIndex(markers, 5)).toBe(-1);
    expect(currentMarkerIndex(markers, 20)).toBe(2);
    expect(currentMarkerIndex(markers, 99)).toBe(3);
  });
});
