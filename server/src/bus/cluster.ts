/**
 * This node as one of several sharing one Redis (LOOKALONG_REDIS_URL): finds tickets, session
 * codes and resume tokens of every node, forwards agents to their session's home node and hosts
 * the agents of other nodes, moves sessions home when their shopper reconnects here or their
 * node dies, and lists every node's sessions for the agents' queue. Sessions are homed where
 * their shopper's socket is; the room runs there alone.
 */
import type WebSocket from 'ws';
import { readMirroredTrail, type MirroredTrail } from '../audit/auditMirror';
import type { AgentIdentity } from '../auth/agentToken';
import { SharedTicketBook } from '../auth/sharedTickets';
import { seatInRoom } from '../relay/agentSeat';
import type { RelayCounters } from '../relay/relayCounters';
import type { SessionRoom } from '../relay/sessionRoom';
import type { OpenedSession, SeatOutcome, SessionsElsewhere } from '../relay/sessionsElsewhere';
import type { ListedSession } from '../sessions/listedSession';
import type { SessionDirectory } from '../sessions/sessionDirectory';
import { hashToken, type EndedByCode, type SessionRegistry } from '../sessions/sessionRegistry';
import type { NodeMessage } from './busWire';
import type { ClusterKeys } from './clusterKeys';
import { ForwardedAgents } from './forwardedAgents';
import { HostedViewers } from './hostedViewers';
import { RedisMessageBus } from './messageBus';
import { NodeLiveness } from './nodeLiveness';
import { NodeMail } from './nodeMail';
import type { RedisConnections } from './redisConnections';
import { SharedCodeGuesses } from './sharedCodeGuesses';
import { SharedConnectionQuota } from './sharedConnectionQuota';
import { SharedRateBuckets } from './sharedRateBuckets';
import { SharedUnclaimed } from './sharedUnclaimed';
import type { CodeGuessLimits } from '../relay/codeGuessThrottle';
import type { SharedLimits } from '../relay/sharedLimits';
import { SessionHoming } from './sessionHoming';

/** Attempts at drawing a session code no node uses. */
const CODE_ATTEMPTS = 20;
/** Longest a readiness ping may take. */
const PING_DEADLINE_MS = 500;
/** How often the home node writes its sessions again (their keys expire after a day otherwise). */
const REFRESH_MS = 3600_000;

/** What the cluster is built from. */
export interface ClusterParts {
  nodeId: string;
  keys: ClusterKeys;
  redis: RedisConnections;
  directory: SessionDirectory;
  registry: SessionRegistry;
  counters: RelayCounters;
  sendBufferMaxBytes: number;
}

/** This node's part in the cluster. */
export class Cluster implements SessionsElsewhere, SharedLimits {
  /** Tickets any node can redeem (POST /api/tickets issues here). */
  readonly tickets: SharedTicketBook;
  /** Help-request token buckets every node takes from. */
  readonly helpBuckets: SharedRateBuckets;
  /** A session's audit entries from every node, for the audit endpoint. */
  readonly auditTrail: (session: string) => Promise<MirroredTrail>;
  private readonly mail: NodeMail;
  private readonly forwarded: ForwardedAgents;
  private readonly hosted: HostedViewers;
  private readonly homing: SessionHoming;
  private readonly liveness: NodeLiveness;
  private refreshTimer: NodeJS.Timeout | undefined;

  constructor(private readonly parts: ClusterParts) {
    const { nodeId, keys, redis, directory, registry, counters, sendBufferMaxBytes } = parts;
    this.tickets = new SharedTicketBook(redis.commands, keys);
    this.helpBuckets = new SharedRateBuckets(redis.commands, keys.helpRate);
    this.auditTrail = (session) => readMirroredTrail(redis.commands, keys, session);
    this.mail = new NodeMail(new RedisMessageBus(redis), keys);
    this.forwarded = new ForwardedAgents({ mail: this.mail, nodeId, counters, sendBufferMaxBytes });
    this.hosted = new HostedViewers(registry, this.mail, counters);
    this.homing = new SessionHoming({ nodeId, redis: redis.commands, keys, registry, directory, mail: this.mail, forwarded: this.forwarded });
    this.liveness = new NodeLiveness(redis.commands, keys, nodeId, (node) => this.nodeDied(node));
    redis.onRecovered(() => void this.liveness.announce().then(() => this.rewriteSessions(), () => undefined));
  }

  /** Listens on this node's channel, announces the node, and adopts the sessions its previous run left. */
  async start(): Promise<void> {
    await this.mail.listen(this.parts.nodeId, (message) => this.receive(message));
    await this.liveness.start();
    await this.homing.adoptFrom(this.parts.nodeId);
    this.refreshTimer = setInterval(() => this.rewriteSessions(), REFRESH_MS);
  }

  /** Leaves the cluster: the others adopt this node's sessions at once (graceful shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.liveness.stop(true);
    await this.parts.redis.close();
  }

  /** Agents forwarded from this node to other nodes, and agents of other nodes hosted here. */
  get agents(): { forwarded: number; hosted: number } {
    return { forwarded: this.forwarded.size, hosted: this.hosted.size };
  }

  /** Readiness: both Redis connections are up (subscriptions included) and Redis answers a PING within 500 ms. */
  async ping(): Promise<void> {
    if (!this.parts.redis.healthy) throw new Error('a Redis connection is down');
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no PONG within ${PING_DEADLINE_MS} ms`)), PING_DEADLINE_MS);
    });
    try {
      await Promise.race([this.parts.redis.commands.ping(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  redeemTicket(ticket: string): Promise<AgentIdentity | null> {
    return this.tickets.redeem(ticket);
  }

  async seatAgent(ws: WebSocket, agent: AgentIdentity, code: string, maySee: (site: string) => boolean, retry = true): Promise<SeatOutcome> {
    const { nodeId, directory, registry, counters } = this.parts;
    const found = await directory.findByCode(code);
    if (!found) return { unknown: true };
    if ('ended' in found) return maySee(found.site) ? { ended: found.ended } : { unknown: true };
    const { record, home, homeAlive } = found.open;
    if (!maySee(record.site)) return { unknown: true };
    if (home !== nodeId && homeAlive) return { seat: this.forwarded.seat(ws, agent, home, record.id) };
    // Homed here (a previous run of this node) or on a dead node: it comes home here.
    const room = registry.findById(record.id) ?? (await this.homing.claim(record.id, home, 'adopted'));
    if (room) return { seat: seatInRoom(room, room.localViewer(ws, agent), counters) };
    return retry ? this.seatAgent(ws, agent, code, maySee, false) : { unknown: true };
  }

  async openSession(site: string, lang: string, title: string | undefined, createdBy: string): Promise<OpenedSession> {
    const { directory, registry } = this.parts;
    for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
      const code = registry.freeCode();
      if (await directory.reserveCode(code)) return registry.create(site, lang, title, createdBy, code);
    }
    throw new Error('no free session code across the nodes');
  }

  async resumeSession(resumeToken: string, site: string): Promise<SessionRoom | undefined> {
    const entry = await this.parts.directory.findByResumeHash(hashToken(resumeToken));
    if (!entry || entry.record.site !== site) return undefined;
    return (await this.homing.claim(entry.record.id, '*', 'resumed')) ?? undefined;
  }

  /** The per-site cap on unclaimed API sessions, counted for every node; `isUnclaimed` judges this node's own when Redis is away. */
  unclaimedSessions(maxPerSite: number, ttlMs: number, isUnclaimed: (room: { id: string }) => boolean): SharedUnclaimed {
    return new SharedUnclaimed(this.parts.redis.commands, this.parts.keys.unclaimed, maxPerSite, ttlMs, isUnclaimed);
  }

  /** Open-socket slots every node counts in. */
  socketSlots(kind: 'agent' | 'peer', maxPerKey: number): SharedConnectionQuota {
    const { redis, keys, nodeId } = this.parts;
    return new SharedConnectionQuota(redis.commands, (key) => keys.connections(kind, key), keys.nodeAlive(''), nodeId, maxPerKey);
  }

  /** A code-guessing throttle every node counts in. */
  codeGuesses(kind: 'agent' | 'peer', limits: CodeGuessLimits): SharedCodeGuesses {
    return new SharedCodeGuesses(this.parts.redis.commands, (key) => this.parts.keys.codeGuesses(kind, key), limits);
  }

  listed(): Promise<ListedSession[]> {
    return this.parts.directory.listed();
  }

  async endElsewhere(code: string, mayEnd: (site: string) => boolean, actor: string): Promise<EndedByCode | null> {
    const found = await this.parts.directory.findByCode(code);
    if (!found || !('open' in found) || !mayEnd(found.open.record.site)) return null;
    const { record, home, homeAlive } = found.open;
    const local = this.parts.registry.findById(record.id) ?? (homeAlive ? undefined : await this.homing.claim(record.id, home, 'adopted'));
    if (local) local.end('agent-ended', actor);
    else this.mail.send(home, { t: 'end-session', session: record.id, actor });
    return { sessionId: record.id, code: record.code };
  }

  private receive(message: NodeMessage): void {
    const { registry } = this.parts;
    switch (message.t) {
      case 'join':
      case 'agent':
      case 'leave':
      case 'recover':
        return this.hosted.receive(message);
      case 'end-session':
        return registry.findById(message.session)?.end('agent-ended', message.actor);
      case 'release': {
        const room = registry.findById(message.session);
        if (room) registry.release(room, message.why === 'resumed');
        return;
      }
      default:
        return this.forwarded.receive(message);
    }
  }

  private nodeDied(node: string): void {
    this.forwarded.homeGone(node);
    void this.homing.adoptFrom(node).catch(() => undefined);
  }

  /** Writes every session homed here again (hourly, and after Redis came back, possibly empty). */
  private rewriteSessions(): void {
    for (const saved of this.parts.registry.saved()) this.parts.directory.put(saved);
  }
}
