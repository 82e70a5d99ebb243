/**
 * Help-request buckets in a real Redis (server/src/bus/sharedRateBuckets.ts): two "nodes" (two
 * stores on one Redis) take from the same bucket; the retry time comes from Redis's clock; and
 * while Redis is down a node falls back to its own memory instead of refusing everyone.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRateBuckets } from '../../server/src/bus/sharedRateBuckets';
import { startRedisServer, uniquePrefix, type RedisServer } from '../helpers/redisServer';

describe('shared rate buckets (real Redis)', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    for (const client of clients) client.disconnect();
    await redis?.close();
  });

  /** A node's store: its own connection, the shared prefix. */
  const nodeStore = (prefix: string): SharedRateBuckets => {
    const client = new Redis(redis.port, '127.0.0.1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    clients.push(client);
    return new SharedRateBuckets(client, (key) => `${prefix}help-rate:${key}`);
  };

  it('two nodes take from one bucket; an empty one says when a token is back; the key expires', async () => {
    const prefix = uniquePrefix('buckets');
    const [a, b] = [nodeStore(prefix), nodeStore(prefix)];
    await new Promise((r) => setTimeout(r, 100));
    const rate = { perMinute: 6, burst: 6 };
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) waits.push(await (i % 2 ? b : a).take('ip:192.0.2.1', rate));
    expect(waits.filter((w) => w === 0)).toHaveLength(6);
    // One token every 10 s: the next one is at most 10 s away.
    for (const wait of waits.slice(6)) {
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(10_000);
    }
    const ttl = await redis.client.pttl(`${prefix}help-rate:ip:192.0.2.1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(61_000);
  });

  it('falls back to the node\'s own buckets while Redis is down, and shares again once it is back', async () => {
    const prefix = uniquePrefix('buckets-down');
    const node = nodeStore(prefix);
    await new Promise((r) => setTimeout(r, 100));
    const rate = { perMinute: 2, burst: 2 };
    await redis.stop();
    // Limits still hold, per node: two, then a wait.
    expect(await node.take('site:demo', rate)).toBe(0);
    expect(await node.take('site:demo', rate)).toBe(0);
    expect(await node.take('site:demo', rate)).toBeGreaterThan(0);
    await redis.start();
    await new Promise((r) => setTimeout(r, 300));
    // Redis came back empty: its bucket is full again.
    expect(await node.take('site:demo', rate)).toBe(0);
    expect(await redis.client.exists(`${prefix}help-rate:site:demo`)).toBe(1);
  });
});
