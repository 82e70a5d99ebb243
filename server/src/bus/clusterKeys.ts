/**
 * Every Redis key and channel the nodes share, under one prefix. TTLs are set where the keys
 * are written (sessions/sessionDirectory.ts, auth/sharedTickets.ts, bus/nodeLiveness.ts,
 * audit/auditMirror.ts, bus/sharedRateBuckets.ts, bus/sharedCodeGuesses.ts, bus/sharedConnectionQuota.ts, bus/sharedUnclaimed.ts).
 */

/** Key and channel names under `prefix`. */
export interface ClusterKeys {
  readonly prefix: string;
  /** Pub/sub channel a node listens on (messages to its sessions and to its agents). */
  nodeChannel(node: string): string;
  /** Set while the node is alive (short TTL, renewed by its heartbeat). */
  nodeAlive(node: string): string;
  /** Set of nodes that have announced themselves (dead ones are removed once adopted). */
  readonly nodes: string;
  /** Set of the session ids homed on a node. */
  nodeSessions(node: string): string;
  /** Lock taken by the node adopting a dead node's sessions. */
  adoption(node: string): string;
  /** A session's saved record (JSON). */
  session(id: string): string;
  /** The node a session is homed on. */
  home(id: string): string;
  /** Session code → session id (reserved across nodes). */
  code(code: string): string;
  /** Hashed resume token → session id. */
  resume(tokenHash: string): string;
  /** Why the session that had this code ended (one minute). */
  ended(code: string): string;
  /** Sorted set of open session ids by creation time (the agents' queue). */
  readonly openSessions: string;
  /** A one-time agent-socket ticket. */
  ticket(ticket: string): string;
  /** Tickets issued to one agent within the ticket lifetime. */
  agentTickets(agentId: string): string;
  /** A session's audit entries from every node (bounded list). */
  audit(sessionId: string): string;
  /** A help-request token bucket (`ip:<address>` or `site:<key>`). */
  helpRate(key: string): string;
  /** Recent wrong session codes of one agent or client address. */
  codeGuesses(kind: string, key: string): string;
  /** Open sockets of one client address or agent, counted per node process. */
  connections(kind: string, key: string): string;
  /** A site's sessions opened by `POST /api/sessions` that no page has picked up yet (sorted by the end of their wait). */
  unclaimed(site: string): string;
}

/** The names under `prefix`. */
export function clusterKeys(prefix: string): ClusterKeys {
  return {
    prefix,
    nodeChannel: (node) => `${prefix}node:${node}`,
    nodeAlive: (node) => `${prefix}alive:${node}`,
    nodes: `${prefix}nodes`,
    nodeSessions: (node) => `${prefix}node-sessions:${node}`,
    adoption: (node) => `${prefix}adopt:${node}`,
    session: (id) => `${prefix}session:${id}`,
    home: (id) => `${prefix}home:${id}`,
    code: (code) => `${prefix}code:${code}`,
    resume: (tokenHash) => `${prefix}resume:${tokenHash}`,
    ended: (code) => `${prefix}ended:${code}`,
    openSessions: `${prefix}sessions`,
    ticket: (ticket) => `${prefix}ticket:${ticket}`,
    agentTickets: (agentId) => `${prefix}agent-tickets:${agentId}`,
    audit: (sessionId) => `${prefix}audit:${sessionId}`,
    helpRate: (key) => `${prefix}help-rate:${key}`,
    codeGuesses: (kind, key) => `${prefix}code-guesses:${kind}:${key}`,
    connections: (kind, key) => `${prefix}connections:${kind}:${key}`,
    unclaimed: (site) => `${prefix}unclaimed:${site}`,
  };
}
