/**
 * Screen-reader announcements of new marks: their wording in English and Simplified Chinese,
 * and how a burst is coalesced into at most one announcement per window.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liveStringsFor } from '../../client-sdk/src/liveStrings';
import { announcementFor, MAX_ANNOUNCED_NOTE_CHARS, type AnnouncedMark } from '../../client-sdk/src/markAnnouncement';
import { ANNOUNCE_WINDOW_MS, createMarkAnnouncer } from '../../client-sdk/src/markAnnouncer';

const en = liveStringsFor('en').announcements;
const zh = liveStringsFor('zh-CN').announcements;

describe('announcementFor: what a screen reader hears', () => {
  it('describes one mark of each kind, in English', () => {
    const said = (mark: AnnouncedMark): string => announcementFor([mark], en);
    expect(said({ shape: 'rect', by: 'Alice' })).toBe('Alice highlighted part of the page');
    expect(said({ shape: 'arrow', by: 'Alice' })).toBe('Alice drew an arrow');
    expect(said({ shape: 'text', by: 'Alice', text: 'Apply the coupon here' })).toBe('Alice added a note: Apply the coupon here');
    expect(said({ shape: 'element', by: 'Alice' })).toBe('Alice outlined an element');
    expect(said({ shape: 'pen', by: 'Alice' })).toBe('Alice drew on the page');
  });

  it('describes one mark of each kind, in Simplified Chinese', () => {
    const said = (mark: AnnouncedMark): string => announcementFor([mark], zh);
    expect(said({ shape: 'rect', by: 'Alice' })).toBe('Alice 标出了页面的一部分');
    expect(said({ shape: 'arrow', by: 'Alice' })).toBe('Alice 画了一个箭头');
    expect(said({ shape: 'text', by: '小王', text: '在这里输入优惠码' })).toBe('小王 添加了备注：在这里输入优惠码');
    expect(said({ shape: 'element', by: 'Alice' })).toBe('Alice 框出了一个元素');
    expect(said({ shape: 'pen', by: 'Alice' })).toBe('Alice 在页面上画了标记');
  });

  it('reads a note on one line, cut by code point, and never fills placeholders from agent text', () => {
    expect(announcementFor([{ shape: 'text', by: 'Alice', text: '  Size\n\nguide\there ' }], en)).toBe('Alice added a note: Size guide here');
    const long = '😀'.repeat(MAX_ANNOUNCED_NOTE_CHARS + 5);
    expect(announcementFor([{ shape: 'text', by: 'Alice', text: long }], en)).toBe(`Alice added a note: ${'😀'.repeat(MAX_ANNOUNCED_NOTE_CHARS)}…`);
    expect(announcementFor([{ shape: 'text', by: '{text}', text: '{name} <b>x</b>' }], en)).toBe('{text} added a note: {name} <b>x</b>');
  });

  it('counts several marks, naming each agent once in order', () => {
    const marks = (...by: string[]): AnnouncedMark[] => by.map((name) => ({ shape: 'rect', by: name }));
    expect(announcementFor(marks('Alice', 'Alice', 'Alice'), en)).toBe('Alice added 3 marks');
    expect(announcementFor(marks('Alice', 'Sam', 'Alice'), en)).toBe('Alice and Sam added 3 marks');
    expect(announcementFor(marks('Alice', 'Sam', 'Bo', 'Sam'), en)).toBe('Alice, Sam and Bo added 4 marks');
    expect(announcementFor(marks('Alice', 'Sam', 'Alice'), zh)).toBe('Alice 和 Sam 添加了 3 个标注');
    expect(announcementFor(marks('Alice', 'Sam', 'Bo'), zh)).toBe('Alice、Sam 和 Bo 添加了 3 个标注');
  });
});

describe('createMarkAnnouncer: coalescing', () => {
  let said: string[];
  beforeEach(() => {
    vi.useFakeTimers();
    said = [];
  });
  afterEach(() => vi.useRealTimers());

  it('says one mark when its window closes', () => {
    const announcer = createMarkAnnouncer((text) => said.push(text), en);
    announcer.drawn({ shape: 'arrow', by: 'Alice' });
    vi.advanceTimersByTime(ANNOUNCE_WINDOW_MS - 1);
    expect(said).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(['Alice drew an arrow']);
    vi.advanceTimersByTime(10 * ANNOUNCE_WINDOW_MS);
    expect(said).toEqual(['Alice drew an arrow']);
  });

  it('coalesces a burst into one announcement, at most one per window', () => {
    const announcer = createMarkAnnouncer((text) => said.push(text), en);
    announcer.drawn({ shape: 'rect', by: 'Alice' });
    vi.advanceTimersByTime(500);
    announcer.drawn({ shape: 'pen', by: 'Sam' });
    announcer.drawn({ shape: 'text', by: 'Alice', text: 'Here' });
    vi.advanceTimersByTime(1000);
    expect(said).toEqual(['Alice and Sam added 3 marks']);
    announcer.drawn({ shape: 'element', by: 'Sam' });
    vi.advanceTimersByTime(ANNOUNCE_WINDOW_MS - 1);
    expect(said).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(['Alice and Sam added 3 marks', 'Sam outlined an element']);
  });

  it('never announces a laser trail', () => {
    const announcer = createMarkAnnouncer((text) => said.push(text), en);
    announcer.drawn({ shape: 'laser', by: 'Alice' });
    vi.advanceTimersByTime(10 * ANNOUNCE_WINDOW_MS);
    expect(said).toEqual([]);
    announcer.drawn({ shape: 'laser', by: 'Alice' });
    announcer.drawn({ shape: 'rect', by: 'Alice' });
    announcer.drawn({ shape: 'laser', by: 'Alice' });
    vi.advanceTimersByTime(ANNOUNCE_WINDOW_MS);
    expect(said).toEqual(['Alice highlighted part of the page']);
  });

  it('forgets unsaid marks on cancel (the shopper hid them) and on dispose', () => {
    const announcer = createMarkAnnouncer((text) => said.push(text), en);
    announcer.drawn({ shape: 'rect', by: 'Alice' });
    announcer.cancel();
    vi.advanceTimersByTime(ANNOUNCE_WINDOW_MS);
    expect(said).toEqual([]);
    announcer.drawn({ shape: 'arrow', by: 'Alice' });
    vi.advanceTimersByTime(ANNOUNCE_WINDOW_MS);
    expect(said).toEqual(['Alice drew an arrow']);
    announcer.drawn({ shape: 'pen', by: 'Alice' });
    announcer.dispose();
    vi.advanceTimersByTime(10 * ANNOUNCE_WINDOW_MS);
    expect(said).toEqual(['Alice drew an arrow']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
