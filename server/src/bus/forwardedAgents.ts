/**
 * On an agent's node, every agent socket seated in a session homed elsewhere, by viewer id:
 * routes the home nodes' messages to them, and tells a home node again that an agent left
 * when frames still arrive for it (the first `leave` may have been lost on the bus).
 */
import type WebSocket from 'ws';
import type { AgentIdentity } from '../auth/agentToken';
import type { NodeFrame, ToViewerMessage } from './busWire';
import { ForwardedAgent, type ForwardingContext } from './forwardedAgent';

/** Most departed viewers remembered for repeating their `leave`. */
const MAX_DEPARTED = 1000;

/** The forwarded agents of this node. */
export class ForwardedAgents {
  private readonly byId = new Map<string, ForwardedAgent>();
  /** Viewer id → its home node, for agents that left recently. */
  private readonly departed = new Map<string, string>();
  private readonly ctx: ForwardingContext;

  constructor(context: Omit<ForwardingContext, 'forget'>) {
    this.ctx = { ...context, forget: (agent) => this.forget(agent) };
  }

  /** Number of agents forwarded from this node. */
  get size(): number {
    return this.byId.size;
  }

  /** Seats an agent socket in session `session` homed on `home`. */
  seat(ws: WebSocket, agent: AgentIdentity, home: string, session: string): ForwardedAgent {
    const forwarded = new ForwardedAgent(ws, agent, home, session, this.ctx);
    this.byId.set(forwarded.id, forwarded);
    forwarded.join();
    return forwarded;
  }

  /** Hands a home node's message to its agent(s); one for an agent that left repeats the `leave`. */
  receive(message: ToViewerMessage | NodeFrame): void {
    if (message.t !== 'frames') return this.deliver(message.viewer, message);
    const { transientKind, allowanceBytes, frame } = message;
    for (const { viewer, n } of message.targets) this.deliver(viewer, { t: 'frame', viewer, n, transientKind, allowanceBytes, frame });
  }

  /** Node `node` died: its agents here reconnect and find their sessions' new homes. */
  homeGone(node: string): void {
    for (const agent of [...this.byId.values()]) if (agent.home === node) agent.homeGone();
  }

  /** Session `session` came home to this node: its agents forwarded elsewhere reconnect to it. */
  sessionMoved(session: string): void {
    for (const agent of [...this.byId.values()]) if (agent.session === session) agent.homeGone();
  }

  private deliver(viewer: string, message: Parameters<ForwardedAgent['receive']>[0]): void {
    const agent = this.byId.get(viewer);
    if (agent) return agent.receive(message);
    const home = this.departed.get(viewer);
    if (home === undefined) return;
    this.departed.delete(viewer);
    this.ctx.mail.send(home, { t: 'leave', viewer, reason: 'closed' });
  }

  private forget(agent: ForwardedAgent): void {
    this.byId.delete(agent.id);
    if (this.departed.size >= MAX_DEPARTED) this.departed.delete(this.departed.keys().next().value!);
    this.departed.set(agent.id, agent.home);
  }
}
