/** LOOKALONG_REDIS_URL and its companions: a single node without it, one clear line per mistake with it. */
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config';

const SECRET = 's'.repeat(32);

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ LOOKALONG_JWT_SECRET: SECRET, ...env });
    return [];
  } catch (err) {
    return (err as ConfigError).problems;
  }
}

describe('multi-node settings', () => {
  it('runs as a single node without LOOKALONG_REDIS_URL', () => {
    expect(loadConfig({ LOOKALONG_JWT_SECRET: SECRET }).cluster).toBeNull();
  });

  it('reads the Redis URL, the key prefix and the node name', () => {
    const { cluster } = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_REDIS_URL: 'redis://:pw@redis.internal:6380/2', LOOKALONG_REDIS_PREFIX: 'shop1:', LOOKALONG_NODE_ID: 'relay-1' });
    expect(cluster).toEqual({ redisUrl: 'redis://:pw@redis.internal:6380/2', prefix: 'shop1:', nodeId: 'relay-1' });
  });

  it('names each node differently by default (host name and a random suffix)', () => {
    const first = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_REDIS_URL: 'redis://127.0.0.1:6379' }).cluster!;
    const second = loadConfig({ LOOKALONG_JWT_SECRET: SECRET, LOOKALONG_REDIS_URL: 'redis://127.0.0.1:6379' }).cluster!;
    expect(first.prefix).toBe('lookalong:');
    expect(first.nodeId).toMatch(/^[A-Za-z0-9._-]+-[0-9a-f]{8}$/);
    expect(first.nodeId).not.toBe(second.nodeId);
  });

  it('reports each mistake on one line', () => {
    expect(problemsOf({ LOOKALONG_REDIS_URL: 'http://redis:6379' })).toEqual(['LOOKALONG_REDIS_URL must look like redis://host:6379 (or rediss:// for TLS)']);
    expect(problemsOf({ LOOKALONG_REDIS_URL: 'redis://r:6379', LOOKALONG_NODE_ID: 'node one' })).toEqual(['LOOKALONG_NODE_ID must be 1-64 letters, digits, ., _ or -, got "node one"']);
    expect(problemsOf({ LOOKALONG_REDIS_URL: 'redis://r:6379', LOOKALONG_REDIS_PREFIX: 'a b' })).toEqual(['LOOKALONG_REDIS_PREFIX must be 1-64 letters, digits, :, ., _ or -, got "a b"']);
  });
});
