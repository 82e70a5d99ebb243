/** How a client is told that its session now runs on another relay node: reconnecting (with backoff) finds it there. */
export const SESSION_MOVED = { code: 1012, reason: 'session moved to another relay node: reconnect to resume' } as const;
