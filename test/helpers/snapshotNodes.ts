/**
 * Reads rrweb mirror ids out of the recorded frames an agent received, as an agent's replay
 * would know them: the latest full snapshot is searched for an element by its `id` attribute.
 */
import type { RelayClient } from './relayClient';
import { recordedText } from './recordedText';

/** rrweb's full-snapshot event type and element node type. */
const FULL_SNAPSHOT = 2;
const ELEMENT_NODE = 2;

interface SerializedNode {
  type: number;
  id: number;
  attributes?: Record<string, unknown>;
  childNodes?: SerializedNode[];
}

function find(node: SerializedNode, elementId: string): number | null {
  if (node.type === ELEMENT_NODE && node.attributes?.['id'] === elementId) return node.id;
  for (const child of node.childNodes ?? []) {
    const found = find(child, elementId);
    if (found !== null) return found;
  }
  return null;
}

/** The stream and full-snapshot root of the latest checkpoint `agent` received, or null. */
export function latestFullSnapshot(agent: RelayClient): { stream: number; root: SerializedNode } | null {
  for (const frame of agent.frames().reverse()) {
    const event = JSON.parse(recordedText(frame.payload)) as { type: number; data: { node?: SerializedNode } };
    if (event.type === FULL_SNAPSHOT && event.data.node) return { stream: frame.stream, root: event.data.node };
  }
  return null;
}

/** Mirror id of the element with `id="elementId"` in a serialized snapshot; throws when absent. */
export function mirrorIdOf(root: SerializedNode, elementId: string): number {
  const id = find(root, elementId);
  if (id === null) throw new Error(`#${elementId} is not in the snapshot`);
  return id;
}
