/** Settings of a multi-node deployment: the shared Redis, its key prefix and this node's name. */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { SettingHelp } from '../configHelp';

/** The validated multi-node settings; absent on a single node. */
export interface ClusterSettings {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://`). */
  redisUrl: string;
  /** Prefix of every key and channel, so deployments (or tests) can share one Redis. */
  prefix: string;
  /** This node's name among the nodes; unique per running process. */
  nodeId: string;
}

const NODE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const PREFIX_PATTERN = /^[A-Za-z0-9:._-]{1,64}$/;

/** `--help` rows of these settings. */
export const CLUSTER_SETTINGS_HELP: readonly SettingHelp[] = [
  ['LOOKALONG_REDIS_URL', '(none: a single node, all in memory)', 'redis://[user:password@]host:port[/db]: run as one of several nodes sharing sessions, tickets and audit trails through Redis'],
  ['LOOKALONG_REDIS_PREFIX', 'lookalong:', 'prefix of every Redis key and channel (letters, digits, : . _ -)'],
  ['LOOKALONG_NODE_ID', '(host name + random suffix)', 'this node\'s name among the nodes, unique per running process (letters, digits, . _ -)'],
];

/** A fresh node name: the host name plus a random suffix, so a restarted process is a new node. */
function defaultNodeId(): string {
  const host = hostname().replace(/[^A-Za-z0-9._-]/g, '').slice(0, 40) || 'node';
  return `${host}-${randomBytes(4).toString('hex')}`;
}

/** Reads the multi-node settings (null without LOOKALONG_REDIS_URL), adding one line to `problems` per mistake. */
export function readClusterSettings(env: NodeJS.ProcessEnv, problems: string[]): ClusterSettings | null {
  const redisUrl = env['LOOKALONG_REDIS_URL'] || '';
  const prefix = env['LOOKALONG_REDIS_PREFIX'] || 'lookalong:';
  const nodeId = env['LOOKALONG_NODE_ID'] || defaultNodeId();
  if (!PREFIX_PATTERN.test(prefix)) problems.push(`LOOKALONG_REDIS_PREFIX must be 1-64 letters, digits, :, ., _ or -, got ${JSON.stringify(prefix)}`);
  if (!NODE_ID_PATTERN.test(nodeId)) problems.push(`LOOKALONG_NODE_ID must be 1-64 letters, digits, ., _ or -, got ${JSON.stringify(nodeId)}`);
  if (!redisUrl) return null;
  try {
    const url = new URL(redisUrl);
    if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new Error('scheme');
  } catch {
    problems.push('LOOKALONG_REDIS_URL must look like redis://host:6379 (or rediss:// for TLS)');
    return null;
  }
  return { redisUrl, prefix, nodeId };
}
