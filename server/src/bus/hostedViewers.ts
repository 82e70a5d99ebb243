/**
 * On a session's home node: the agents whose sockets are on other nodes. Their joins and
 * messages arrive over the bus and go through the same room methods and rules as a local
 * agent's (agentSeat.ts); the room answers through RemoteViewer proxies.
 */
import { ProtocolError } from '../../../protocol/fieldReaders';
import { parseAgentMessage } from '../../../protocol/agentMessages';
import { dropAgentMessage } from '../relay/agentDrops';
import { applyAgentMessage, type SeatedAgentMessage } from '../relay/agentSeat';
import type { RelayCounters } from '../relay/relayCounters';
import type { SessionRoom } from '../relay/sessionRoom';
import type { SessionRegistry } from '../sessions/sessionRegistry';
import type { ToHomeMessage } from './busWire';
import type { NodeMail } from './nodeMail';
import { RemoteViewer } from './remoteViewer';

/** The remote agents of the rooms homed on this node, by viewer id. */
export class HostedViewers {
  private readonly byId = new Map<string, { room: SessionRoom; viewer: RemoteViewer }>();

  constructor(
    private readonly registry: SessionRegistry,
    private readonly mail: NodeMail,
    private readonly counters: RelayCounters,
  ) {}

  /** Number of remote agents (pending or admitted). */
  get size(): number {
    return this.byId.size;
  }

  /** Handles one message from an agent's node. */
  receive(message: Extract<ToHomeMessage, { t: 'join' | 'agent' | 'leave' | 'recover' }>): void {
    if (message.t === 'join') return this.join(message);
    const hosted = this.byId.get(message.viewer);
    if (!hosted) return;
    const { room, viewer } = hosted;
    if (message.t === 'leave') {
      this.byId.delete(viewer.id);
      room.removeAgent(viewer, message.reason);
    } else if (message.t === 'recover') {
      room.recoverViewer(viewer);
    } else {
      const checked = this.recheck(message.message);
      if (checked) applyAgentMessage(room, viewer, checked, this.counters);
    }
  }

  private join({ viewer: id, from, session, agent }: Extract<ToHomeMessage, { t: 'join' }>): void {
    // A join sent again (its answer was slow or lost) is already being handled.
    if (this.byId.has(id)) return;
    const room = this.registry.findById(session);
    if (!room) {
      this.mail.send(from, { t: 'gone', viewer: id });
      return;
    }
    const viewer = new RemoteViewer(id, agent, from, this.mail, (gone) => this.byId.delete(gone.id));
    this.byId.set(id, { room, viewer });
    room.requestJoin(viewer);
  }

  /** Validates again what the agent's node validated: a node is trusted to route, not to shape messages (invariant 3a). */
  private recheck(message: SeatedAgentMessage): SeatedAgentMessage | null {
    try {
      const parsed = parseAgentMessage(JSON.stringify(message));
      if (parsed.t !== 'join' && parsed.t !== 'ping') return parsed;
      dropAgentMessage(this.counters, `"${parsed.t}" forwarded by another node`);
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      dropAgentMessage(this.counters, err.message);
    }
    return null;
  }
}
