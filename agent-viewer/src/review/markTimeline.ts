/**
 * Which agents' marks were on the shopper's page at a moment of the recording, by the shopper
 * overlay's own rules (client-sdk/src/overlay.ts): a mark replaces the one with the same id by
 * the same agent; an agent removes or clears only their own marks; "Hide marks" removes all; a
 * mark drawn on another page load is ignored, and a new page load starts without marks; at
 * most 50 kept marks and 16 laser trails (the oldest goes); a laser trail fades out over
 * 1.2 s after its last update. Times are on the events' clock. Pure.
 */
import type { Annotation } from '../../../protocol/annotation';
import type { AgentPublic } from '../../../protocol/messages';
import type { RecordingItem } from '../../../protocol/recording';

/** How long a laser trail takes to fade out after its last update (the shopper overlay's LASER_FADE_MS). */
export const LASER_FADE_MS = 1200;
/** Most kept marks on a page (the overlay's MAX_MARKS). */
export const MAX_KEPT_MARKS = 50;
/** Most laser trails on a page (the overlay's MAX_TRAILS). */
export const MAX_LASER_TRAILS = 16;

/** One change of the marks on the page. */
export type MarkChange =
  | { time: number; kind: 'add'; annotation: Annotation; by: AgentPublic }
  | { time: number; kind: 'remove'; id: string; byId: string }
  | { time: number; kind: 'clear'; byId: string }
  | { time: number; kind: 'dismiss' }
  /** A page load (recording stream) begins to show. */
  | { time: number; kind: 'stream'; stream: number };

/** A mark on the page at the asked time. */
export interface ShownMark {
  /** Id and author: what identifies a mark on the page. */
  key: string;
  annotation: Annotation;
  by: AgentPublic;
  /** When this version of the mark was drawn (a laser: its last update). */
  since: number;
  /** 1, or less while a laser trail fades. */
  opacity: number;
}

/** When a page load begins to show, on the events' clock. */
export interface StreamStart {
  time: number;
  stream: number;
}

interface Entry {
  annotation: Annotation;
  by: AgentPublic;
  since: number;
}

/** Marks are keyed by id and author (ids hold no newline): an agent cannot touch another's mark. */
export function markKey(id: string, byId: string): string {
  return `${id}\n${byId}`;
}

/**
 * The mark changes of a recording in time order: its `mark` items, the audit's "Hide marks"
 * and the page loads. At equal times a page load comes first (a mark for the new page follows it).
 */
export function buildMarkChanges(items: readonly RecordingItem[], streams: readonly StreamStart[], eventTime: (at: number) => number): MarkChange[] {
  const changes: Array<{ change: MarkChange; rank: number; index: number }> = [];
  streams.forEach((start, index) => changes.push({ change: { time: start.time, kind: 'stream', stream: start.stream }, rank: 0, index }));
  items.forEach((item, index) => {
    const time = eventTime(item.at);
    let change: MarkChange | null = null;
    if (item.kind === 'audit' && item.type === 'annotations.dismissed') change = { time, kind: 'dismiss' };
    else if (item.kind === 'mark') {
      const { message } = item;
      if (message.op === 'add') change = { time, kind: 'add', annotation: message.annotation, by: message.by };
      else if (message.op === 'remove') change = { time, kind: 'remove', id: message.id, byId: message.by.id };
      else change = { time, kind: 'clear', byId: message.by.id };
    }
    if (change) changes.push({ change, rank: 1, index });
  });
  return changes.sort((a, b) => a.change.time - b.change.time || a.rank - b.rank || a.index - b.index).map(({ change }) => change);
}

/**
 * The marks at any time of one recording. Asking for later and later times (playback) applies
 * only the changes in between; asking for an earlier time (a seek back) starts over.
 */
export class MarkTimeline {
  private kept = new Map<string, Entry>();
  private trails = new Map<string, Entry>();
  private stream: number | null = null;
  private next = 0;
  private lastTime = -Infinity;

  /** `changes` in time order (buildMarkChanges). */
  constructor(private readonly changes: readonly MarkChange[]) {}

  /** The marks on the page at `time`, kept marks first, each group oldest first. */
  at(time: number): ShownMark[] {
    if (time < this.lastTime) this.reset();
    this.lastTime = time;
    while (this.next < this.changes.length && this.changes[this.next]!.time <= time) this.apply(this.changes[this.next++]!);
    const shown: ShownMark[] = [];
    for (const [key, entry] of this.kept) shown.push({ key, ...entry, opacity: 1 });
    for (const [key, entry] of this.trails) {
      const age = time - entry.since;
      if (age < LASER_FADE_MS) shown.push({ key, ...entry, opacity: laserOpacity(age) });
    }
    return shown;
  }

  private reset(): void {
    this.kept = new Map();
    this.trails = new Map();
    this.stream = null;
    this.next = 0;
  }

  private apply(change: MarkChange): void {
    switch (change.kind) {
      case 'stream':
        if (change.stream !== this.stream) {
          this.kept.clear();
          this.trails.clear();
          this.stream = change.stream;
        }
        return;
      case 'add': {
        if (this.stream !== null && change.annotation.stream !== this.stream) return;
        const laser = change.annotation.shape === 'laser';
        const marks = laser ? this.trails : this.kept;
        const key = markKey(change.annotation.id, change.by.id);
        marks.delete(key);
        if (laser) for (const [old, entry] of marks) if (change.time - entry.since >= LASER_FADE_MS) marks.delete(old);
        if (marks.size >= (laser ? MAX_LASER_TRAILS : MAX_KEPT_MARKS)) marks.delete(marks.keys().next().value as string);
        marks.set(key, { annotation: change.annotation, by: change.by, since: change.time });
        return;
      }
      case 'remove':
        this.kept.delete(markKey(change.id, change.byId));
        this.trails.delete(markKey(change.id, change.byId));
        return;
      case 'clear':
        for (const marks of [this.kept, this.trails]) for (const [key, entry] of marks) if (entry.by.id === change.byId) marks.delete(key);
        return;
      case 'dismiss':
        this.kept.clear();
        this.trails.clear();
        return;
    }
  }
}

/** A laser trail's opacity `age` ms after its last update: ease-in from 1 to 0 over LASER_FADE_MS. */
export function laserOpacity(age: number): number {
  const progress = Math.min(1, Math.max(0, age / LASER_FADE_MS));
  return 1 - progress * progress;
}

/** The marks on the page at `time` (a one-off question; MarkTimeline answers many). */
export function marksAt(changes: readonly MarkChange[], time: number): ShownMark[] {
  return new MarkTimeline(changes).at(time);
}
