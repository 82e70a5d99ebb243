/**
 * An agent socket's place in its session once signed in: the messages it may send after `join`
 * (marks, resync, end) and its leaving. A session homed on this node seats the agent directly
 * in its room; one homed on another node seats it through the bus (bus/forwardedAgent.ts),
 * and the home node applies the same rules (applyAgentMessage) to what arrives.
 */
import type { AgentMessage, JoinMessage, PingMessage } from '../../../protocol/agentMessages';
import { dropAgentMessage } from './agentDrops';
import type { RelayCounters } from './relayCounters';
import type { SessionRoom } from './sessionRoom';
import type { ViewerEndpoint } from './viewerEndpoint';

/** What an agent may send once it has joined (pings are answered by its own socket's node). */
export type SeatedAgentMessage = Exclude<AgentMessage, JoinMessage | PingMessage>;

/** An agent socket's place in its session, wherever the session is homed. */
export interface AgentSeat {
  /** Relays one message sent after the join. */
  handle(message: SeatedAgentMessage): void;
  /** The agent's socket closed. */
  leave(): void;
}

/** Applies one agent message to the room: marks, resync and end only from a consented viewer (invariant 3a). */
export function applyAgentMessage(room: SessionRoom, viewer: ViewerEndpoint, message: SeatedAgentMessage, counters: RelayCounters): void {
  switch (message.t) {
    case 'annotate':
    case 'unannotate':
    case 'clear-marks':
      room.relayMarks(viewer, message);
      return;
    case 'resync':
      if (room.isViewer(viewer)) room.requestSnapshot();
      else dropAgentMessage(counters, '"resync" from an agent who is not a viewer');
      return;
    case 'end':
      if (room.isViewer(viewer)) room.end('agent-ended');
      else dropAgentMessage(counters, '"end" from an agent who is not a viewer');
      return;
  }
}

/** Asks to join `room` as `viewer` and returns the seat its later messages go through. */
export function seatInRoom(room: SessionRoom, viewer: ViewerEndpoint, counters: RelayCounters): AgentSeat {
  room.requestJoin(viewer);
  return {
    handle: (message) => applyAgentMessage(room, viewer, message, counters),
    leave: () => room.removeAgent(viewer),
  };
}
