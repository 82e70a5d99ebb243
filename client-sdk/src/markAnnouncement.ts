/**
 * What a screen reader hears when agents draw marks (the overlay itself is aria-hidden):
 * one mark is described by its kind ("Alice drew an arrow", a note with its text), several
 * are counted ("Alice and Sam added 3 marks"). Pure wording, no DOM.
 */
import type { AnnotationShape } from '../../protocol/annotation';
import { format } from './i18n';

/** Mark kinds that are announced: a laser trail is too fleeting (and too chatty) to announce. */
export type AnnouncedShape = Exclude<AnnotationShape, 'laser'>;

/** One drawn mark, as far as its announcement needs it. */
export interface AnnouncedMark {
  shape: AnnouncedShape;
  /** The agent's display name. */
  by: string;
  /** A note's text (text marks only). */
  text?: string;
}

/** Localised templates of the announcements. */
export interface AnnouncementStrings {
  /** One mark of each kind: `{name}`, and `{text}` for a note. */
  single: Record<AnnouncedShape, string>;
  /** Several marks in one announcement: `{names}`, `{count}`. */
  several: string;
  /** Between names of a list but the last two: ", ". */
  nameSeparator: string;
  /** Between the last two names: " and ". */
  lastNameSeparator: string;
}

/** Longest part of a note that is read out; the rest is cut with an ellipsis. */
export const MAX_ANNOUNCED_NOTE_CHARS = 100;

/** True for marks that are announced (everything but a laser trail). */
export function isAnnounced(shape: AnnotationShape): shape is AnnouncedShape {
  return shape !== 'laser';
}

/** A note's text on one line, cut (by code point) to MAX_ANNOUNCED_NOTE_CHARS. */
function briefNote(text: string): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length > MAX_ANNOUNCED_NOTE_CHARS ? `${chars.slice(0, MAX_ANNOUNCED_NOTE_CHARS).join('')}…` : chars.join('');
}

/** "Alice", "Alice and Sam", "Alice, Sam and Bo": each name once, in order of first appearance. */
function listNames(names: string[], strings: AnnouncementStrings): string {
  const unique = [...new Set(names)];
  const last = unique.pop() ?? '';
  return unique.length ? `${unique.join(strings.nameSeparator)}${strings.lastNameSeparator}${last}` : last;
}

/** The announcement for marks drawn within one window (at least one). */
export function announcementFor(marks: AnnouncedMark[], strings: AnnouncementStrings): string {
  const [only] = marks;
  if (marks.length === 1 && only) return format(strings.single[only.shape], { name: only.by, text: briefNote(only.text ?? '') });
  return format(strings.several, { names: listNames(marks.map((mark) => mark.by), strings), count: String(marks.length) });
}
