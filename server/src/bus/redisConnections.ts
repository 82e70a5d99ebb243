/**
 * The node's two Redis connections (commands and publishing; subscriptions) and their health.
 * ioredis reconnects by itself; an outage is logged once when it starts and once when it ends,
 * never per command or frame, and commands fail fast meanwhile instead of queueing without bound
 * (invariant 6): frames published during an outage are lost, and viewers resync after it.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { logger } from '../ops/logger';

/** Longest a command may wait for its answer. */
const COMMAND_TIMEOUT_MS = 2000;
/** How long start-up waits for Redis before giving up. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Both connections, with the outage state. */
export interface RedisConnections {
  /** Commands and PUBLISH (one connection keeps publishes in order). */
  commands: Redis;
  /** SUBSCRIBE only (a subscribed connection can do nothing else). */
  subscriber: Redis;
  /** True while both connections are up. */
  readonly healthy: boolean;
  /** Calls `listener` each time Redis is reachable again after an outage. */
  onRecovered(listener: () => void): void;
  /** Closes both connections. */
  close(): Promise<void>;
}

/** The URL without its password, for logs. */
function safeUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/** Opens both connections and resolves once they are ready; rejects when Redis cannot be reached at start-up. */
export async function openRedis(url: string, nodeId: string): Promise<RedisConnections> {
  const base: RedisOptions = {
    connectionName: `lookalong-${nodeId}`,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    maxRetriesPerRequest: 1,
  };
  const commands = new Redis(url, { ...base, enableOfflineQueue: false, commandTimeout: COMMAND_TIMEOUT_MS, enableAutoPipelining: true, lazyConnect: true });
  const subscriber = new Redis(url, { ...base, lazyConnect: true });
  const down = new Set<Redis>();
  const recovered: Array<() => void> = [];
  let closing = false;
  let ready = false;
  const where = safeUrl(url);
  const lost = (client: Redis, reason: string): void => {
    if (closing || !ready || down.has(client)) return;
    if (down.size === 0) logger.error({ redis: where, node: nodeId, reason }, 'Redis unreachable: cross-node relaying paused until it is back');
    down.add(client);
  };
  const back = (client: Redis): void => {
    if (!down.delete(client) || down.size > 0) return;
    logger.info({ redis: where, node: nodeId }, 'Redis reachable again');
    for (const listener of recovered) listener();
  };
  for (const client of [commands, subscriber]) {
    client.on('error', (err: Error) => lost(client, err.message));
    client.on('close', () => lost(client, 'connection closed'));
    client.on('ready', () => back(client));
  }
  const connectBoth = Promise.all([commands.connect(), subscriber.connect()]);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis at ${where} not reachable within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
  });
  try {
    await Promise.race([connectBoth, deadline]);
  } catch (err) {
    closing = true;
    commands.disconnect();
    subscriber.disconnect();
    throw err;
  } finally {
    clearTimeout(timer);
  }
  ready = true;
  return {
    commands,
    subscriber,
    get healthy() {
      return down.size === 0 && commands.status === 'ready' && subscriber.status === 'ready';
    },
    onRecovered: (listener) => recovered.push(listener),
    async close() {
      closing = true;
      await Promise.allSettled([commands.quit(), subscriber.quit()]);
    },
  };
}
