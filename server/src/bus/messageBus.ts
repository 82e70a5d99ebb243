/**
 * Publish/subscribe between relay nodes: at-most-once, in order per publisher and channel,
 * binary-safe. Implemented on Redis pub/sub; a message published while Redis is unreachable is
 * dropped (counted), never queued: sequence numbers and resync cover the loss.
 */
import type { RedisConnections } from './redisConnections';

/** Channels carrying binary messages. */
export interface MessageBus {
  /** Publishes without waiting; a failure drops the message. */
  publish(channel: string, message: Buffer): void;
  /** Delivers every message on `channel` to `onMessage`; resolves once subscribed. */
  subscribe(channel: string, onMessage: (message: Buffer) => void): Promise<void>;
  /** Messages dropped because Redis could not take them. */
  readonly dropped: number;
}

/** Redis pub/sub: PUBLISH on the command connection, SUBSCRIBE on the subscriber (ioredis resubscribes after a reconnect). */
export class RedisMessageBus implements MessageBus {
  private readonly handlers = new Map<string, (message: Buffer) => void>();
  private droppedCount = 0;

  constructor(private readonly redis: RedisConnections) {
    redis.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => this.handlers.get(channel.toString())?.(message));
  }

  get dropped(): number {
    return this.droppedCount;
  }

  publish(channel: string, message: Buffer): void {
    this.redis.commands.publish(channel, message).catch(() => {
      this.droppedCount += 1;
    });
  }

  async subscribe(channel: string, onMessage: (message: Buffer) => void): Promise<void> {
    this.handlers.set(channel, onMessage);
    await this.redis.subscriber.subscribe(channel);
  }
}
