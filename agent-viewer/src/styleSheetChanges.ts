/**
 * Tells which replayed events may have changed the replay document's style sheets: rules
 * inserted or deleted, sheets adopted, and mutations that add, edit or re-attribute a
 * `<style>` or `<link>` (or the text inside a `<style>`).
 */
import { EventType, IncrementalSource, type eventWithTime } from '@rrweb/types';

/** `Node.TEXT_NODE` (`Node` is no global where the unit tests run). */
const TEXT_NODE = 3;

/** True for a `<style>` or `<link>` element, or the text inside a `<style>` (of any realm). */
function isStyleSource(node: Node | null): boolean {
  if (node?.nodeType === TEXT_NODE) return node.parentElement?.localName === 'style';
  const name = (node as Element | null)?.localName;
  return name === 'style' || name === 'link';
}

/**
 * True when the event, already applied to the replay, may have changed a style sheet;
 * `nodeOf` finds a replayed node by its recorded id.
 */
export function changesStyleSheets(event: eventWithTime, nodeOf: (id: number) => Node | null): boolean {
  if (event.type !== EventType.IncrementalSnapshot) return false;
  const data = event.data;
  if (data.source === IncrementalSource.StyleSheetRule || data.source === IncrementalSource.AdoptedStyleSheet) return true;
  if (data.source !== IncrementalSource.Mutation) return false;
  const ids = [...data.adds.map((add) => add.node.id), ...data.texts.map((text) => text.id), ...data.attributes.map((attribute) => attribute.id)];
  return ids.some((id) => isStyleSource(nodeOf(id)));
}
