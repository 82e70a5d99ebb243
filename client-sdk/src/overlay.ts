/**
 * Draws the agents' validated marks on the shopper's page, inside the SDK's unrecorded
 * shadow root, with `pointer-events: none`. Marks follow their anchor node through scrolling
 * (the page's and nested containers') and resizing; marks whose node is gone are removed,
 * marks of another page load ignored. An agent can only replace or remove its own marks.
 * Nothing else is ever done with agent data: text goes in via textContent only.
 */
import type { Annotation } from '../../protocol/annotation';
import type { AgentPublic } from '../../protocol/messages';
import { clipToVisible, placeMark, resolveAnchor, type MarkAnchor } from './markAnchoring';
import { createMaskedOutlines } from './maskedOutlines';
import { drawShape, type DrawnShape } from './overlayShapes';
import { startRelayoutTriggers } from './relayoutTriggers';

/** Marks currently drawn, and how to remove them. */
export interface AnnotationOverlay {
  /**
   * Draws (or replaces) a mark of `by`; a laser trail fades out on its own and is never kept.
   * False when the mark belongs to another page load and was ignored.
   */
  show(annotation: Annotation, by: AgentPublic): boolean;
  /** Removes mark `id` if the agent `byId` drew it. */
  remove(id: string, byId: string): void;
  /** Removes every mark the agent `byId` drew. */
  clearBy(byId: string): void;
  /** Removes every mark (the shopper's "Hide marks"). */
  dismissAll(): void;
  /** Outlines these elements for a few seconds ("What can they see?"). */
  outline(elements: Element[]): void;
  /** Removes everything and stops following the page. */
  clear(): void;
}

interface Mark {
  annotation: Annotation;
  byId: string;
  anchor: MarkAnchor;
  drawn: DrawnShape;
  fade?: ReturnType<typeof setTimeout>;
}

const MAX_MARKS = 50;
const MAX_TRAILS = 16;
/** How long a laser trail takes to fade out after its last update. */
const LASER_FADE_MS = 1200;

/** Marks are keyed by id and author (ids hold no newline): an agent cannot touch another's mark. */
function keyOf(id: string, byId: string): string {
  return `${id}\n${byId}`;
}

/**
 * Creates the overlay for one recording stream; `resolveNode` maps rrweb mirror ids to nodes,
 * `onKeptCount` hears how many marks are on the page whenever that changes.
 */
export function createAnnotationOverlay(
  layer: HTMLElement,
  stream: number,
  resolveNode: (id: number) => Node | null,
  onKeptCount: (count: number) => void,
): AnnotationOverlay {
  const kept = new Map<string, Mark>();
  const trails = new Map<string, Mark>();
  const outlines = createMaskedOutlines(layer);
  let reportedCount = 0;

  const notify = (): void => {
    if (kept.size === reportedCount) return;
    reportedCount = kept.size;
    onKeptCount(reportedCount);
  };
  const drop = (marks: Map<string, Mark>, key: string): void => {
    const mark = marks.get(key);
    if (!mark) return;
    marks.delete(key);
    clearTimeout(mark.fade);
    mark.drawn.element.remove();
    if (mark.anchor.node) triggers.unwatch(mark.anchor.node);
  };
  const dropWhere = (test: (mark: Mark) => boolean): void => {
    for (const marks of [kept, trails]) for (const [key, mark] of marks) if (test(mark)) drop(marks, key);
    notify();
  };
  const layoutMark = (marks: Map<string, Mark>, key: string, mark: Mark): void => {
    const placement = placeMark(mark.annotation, mark.anchor);
    if (placement === 'gone') return drop(marks, key);
    mark.drawn.place(placement.box);
    clipToVisible(mark.drawn.element, placement.visible);
  };
  const triggers = startRelayoutTriggers(
    () => {
      for (const marks of [kept, trails]) for (const [key, mark] of marks) layoutMark(marks, key, mark);
      outlines.layout();
      notify();
    },
    () => kept.size > 0 || trails.size > 0 || outlines.shown,
  );

  return {
    show(annotation, by) {
      if (annotation.stream !== stream) return false;
      const laser = annotation.shape === 'laser';
      const marks = laser ? trails : kept;
      const key = keyOf(annotation.id, by.id);
      drop(marks, key);
      if (marks.size >= (laser ? MAX_TRAILS : MAX_MARKS)) drop(marks, marks.keys().next().value as string);
      const anchor = resolveAnchor(annotation, resolveNode);
      const mark: Mark = { annotation, byId: by.id, anchor, drawn: drawShape(annotation, laser ? null : by.name) };
      if (anchor.node) triggers.watch(anchor.node);
      layer.append(mark.drawn.element);
      marks.set(key, mark);
      if (laser) {
        mark.drawn.element.animate([{ opacity: 1 }, { opacity: 0 }], { duration: LASER_FADE_MS, easing: 'ease-in', fill: 'forwards' });
        mark.fade = setTimeout(() => drop(trails, key), LASER_FADE_MS);
      }
      layoutMark(marks, key, mark);
      notify();
      return true;
    },
    remove(id, byId) {
      drop(kept, keyOf(id, byId));
      drop(trails, keyOf(id, byId));
      notify();
    },
    clearBy(byId) {
      dropWhere((mark) => mark.byId === byId);
    },
    dismissAll() {
      dropWhere(() => true);
    },
    outline(elements) {
      outlines.show(elements);
    },
    clear() {
      outlines.clear();
      triggers.dispose();
      dropWhere(() => true);
    },
  };
}
